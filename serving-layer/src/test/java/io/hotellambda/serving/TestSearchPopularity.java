package io.hotellambda.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotellambda.booking.BookingApp;
import io.hotellambda.booking.BookingAppConfig;
import io.hotellambda.config.RedisTarget;
import io.hotellambda.config.Settings;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.PostgresServer;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.Migrations;
import io.hotellambda.schemas.SpeedChanges;
import io.hotellambda.schemas.SpeedCounter;
import io.hotellambda.schemas.SpeedHeartbeat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisPooled;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * booking-app's search ranked by this serving layer's merged views over the last 7 days: a real
 * booking-app asks a real serving layer over HTTP, which reads the speed layer's counters in
 * Redis (written here as the speed layer writes them). With the serving layer gone, search still
 * answers, ranked without popularity, and says so.
 */
@ExtendWith(TestingLocalStack.class)
class TestSearchPopularity
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void searchRanksByTheServingLayersRecentViewsAndAnswersWithoutThemWhenItIsGone(LocalStack stack)
            throws Exception
    {
        String database = "search_popularity_" + ProcessHandle.current().pid();
        stack.postgres().createDatabase(database);
        String jdbcUrl = stack.postgres().jdbcUrl(database);
        Migrations.catalog(jdbcUrl, PostgresServer.USER, "");
        Migrations.serving(jdbcUrl, PostgresServer.USER, "");
        ServingConfig servingConfig = new ServingConfig("127.0.0.1", 0, 8, jdbcUrl, PostgresServer.USER, "",
                new RedisTarget(URI.create(stack.redis().uri()), List.of(), Duration.ofMillis(100)), 16, Duration.ofMillis(200),
                Duration.ofDays(7), Duration.ofMillis(50), Duration.ofMinutes(30), Duration.ofHours(1), 35, 31, 1000, 64 * 1024);
        String adminToken = "admin-" + UUID.randomUUID();
        ServingLayer serving = ServingLayer.start(servingConfig, Clock.systemUTC());
        boolean servingStopped = false;
        try (BookingApp booking = BookingApp.start(BookingAppConfig.load(Settings.of(BookingAppConfig.ENV_PREFIX, Map.of(
                "http.port", "0", "db.url", jdbcUrl, "kafka.bootstrap.servers", stack.kafka().bootstrapServers(), "admin.token", adminToken,
                "serving.url", "http://127.0.0.1:" + serving.port(),
                // every search asks, so the test sees the serving layer go
                "search.popularity.ttl", "0s"))))) {
            String base = "http://127.0.0.1:" + booking.port();
            String city = "Popularity Town " + UUID.randomUUID().toString().substring(0, 6);
            List<Long> hotels = new ArrayList<>();
            for (String name : List.of("Quiet Inn", "Busy Hotel", "Middling House")) {
                long id = send(base, "POST", "/v1/hotels", """
                        {"name": "%s", "city": "%s", "country": "NL", "address": "Main Street 1", "star_rating": 3}""".formatted(name, city), adminToken, 201).get("id").asLong();
                send(base, "POST", "/v1/hotels/%s/room-types".formatted(id), """
                        {"name": "Double", "capacity": 2, "quantity": 5, "price_min_cents": 5000, "price_max_cents": 50000, "base_price_cents": 10000}""", adminToken, 201);
                hotels.add(id);
            }
            // today's views, as the speed layer counts them: 5, 50 and 20
            Instant now = Instant.now();
            try (JedisPooled redis = new JedisPooled(URI.create(stack.redis().uri()))) {
                long[] views = {5, 50, 20};
                for (int i = 0; i < hotels.size(); i++) {
                    redis.incrBy(SpeedCounter.VIEWS.key(hotels.get(i), now), views[i]);
                    redis.incrBy(SpeedCounter.DAILY_VIEWS.key(hotels.get(i), now), views[i]);
                }
                SpeedChanges.publish(redis, Map.of(SpeedCounter.Bucket.DAY.of(now), hotels));
                SpeedHeartbeat.write(redis, new SpeedHeartbeat.Beat(now, Duration.ofDays(7)));
            }

            String search = "/v1/search?city=" + city.replace(" ", "%20");
            JsonNode ranked = awaitRanked(base, search, hotels.get(1));
            assertThat(ranked.get("popularity").asText()).isEqualTo("merged");
            assertThat(ranked.get("hotels").findValuesAsText("id")).containsExactly(
                    hotels.get(1).toString(), hotels.get(2).toString(), hotels.get(0).toString());
            assertThat(ranked.get("hotels").findValuesAsText("recent_views")).containsExactly("50", "20", "5");
            JsonNode byPopularity = send(base, "GET", search + "&sort=popularity&limit=1", null, null, 200);
            assertThat(byPopularity.get("hotels").get(0).get("id").asLong()).isEqualTo(hotels.get(1));

            serving.close();
            servingStopped = true;
            JsonNode without = send(base, "GET", search, null, null, 200);
            assertThat(without.get("popularity").asText()).isEqualTo("unavailable");
            assertThat(without.get("degraded").asBoolean()).isTrue();
            assertThat(without.get("hotels").findValuesAsText("id")).as("by relevance, then id").containsExactly(
                    hotels.get(0).toString(), hotels.get(1).toString(), hotels.get(2).toString());
            assertThat(send(base, "GET", "/health", null, null, 200).get("popularity_failures").asLong()).isPositive();
        }
        finally {
            if (!servingStopped) {
                serving.close();
            }
        }
    }

    /** The search, once the serving layer's copy of the day counters holds the busy hotel's views. */
    private JsonNode awaitRanked(String base, String search, long busiest)
            throws Exception
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode answer = send(base, "GET", search, null, null, 200);
        while (answer.get("hotels").get(0).get("id").asLong() != busiest && System.nanoTime() < deadline) {
            Thread.sleep(100);
            answer = send(base, "GET", search, null, null, 200);
        }
        return answer;
    }

    private JsonNode send(String base, String method, String path, String body, String token, int expected)
            throws Exception
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + " → " + response.body()).isEqualTo(expected);
        return JSON.readTree(response.body());
    }
}
