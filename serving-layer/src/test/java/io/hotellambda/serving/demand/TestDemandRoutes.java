package io.hotellambda.serving.demand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.PostgresServer;
import io.hotellambda.infra.TestingClock;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.BookingMetric;
import io.hotellambda.schemas.Migrations;
import io.hotellambda.schemas.SpeedCounter;
import io.hotellambda.schemas.SpeedHeartbeat;
import io.hotellambda.schemas.SupplyDemandTables;
import io.hotellambda.serving.ServingLayer;
import io.hotellambda.serving.TestingServingConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisPooled;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/hotels/{id}/supply-demand} and {@code GET /v1/cities/{city}/demand} against real
 * PostgreSQL and Redis: a day of supply and demand published as the nightly job publishes it
 * (two hotels in Lisbon, one in Porto), and the speed layer's bookings and searches since.
 */
@ExtendWith(TestingLocalStack.class)
class TestDemandRoutes
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate AS_OF = LocalDate.parse("2026-11-20");
    private static final Instant NOW = Instant.parse("2026-11-21T14:30:00Z");

    private final HttpClient http = HttpClient.newHttpClient();
    private LocalStack stack;
    private ServingLayer serving;

    @BeforeAll
    static void migrate(LocalStack stack)
    {
        Migrations.catalog(stack.postgres().jdbcUrl(LocalStack.DATABASE), PostgresServer.USER, "");
        Migrations.serving(stack.postgres().jdbcUrl(LocalStack.DATABASE), PostgresServer.USER, "");
    }

    @BeforeEach
    void start(LocalStack stack)
            throws Exception
    {
        this.stack = stack;
        try (Connection db = database()) {
            db.createStatement().execute("TRUNCATE serving.supply_demand, serving.supply_demand_days, serving.hotel_booking_hours, serving.booking_batch_days, serving.batch_watermark");
        }
        try (JedisPooled redis = redis()) {
            redis.flushAll();
            SpeedHeartbeat.write(redis, new SpeedHeartbeat.Beat(Instant.now(), Duration.ofDays(7)));
            // today: two confirmations of hotel 1, one cancellation with a refund
            String today = SpeedCounter.DAILY_BOOKINGS.key(1, NOW);
            redis.hincrBy(today, SpeedCounter.bookingField(BookingMetric.CONFIRMED, "EUR"), 2);
            redis.hincrBy(today, SpeedCounter.bookingField(BookingMetric.REVENUE_CENTS, "EUR"), 41_000);
            redis.hincrBy(today, SpeedCounter.bookingField(BookingMetric.ROOM_NIGHTS_SOLD, "EUR"), 4);
            redis.hincrBy(today, SpeedCounter.bookingField(BookingMetric.CANCELLED, "EUR"), 1);
            redis.hincrBy(today, SpeedCounter.bookingField(BookingMetric.REFUND_CENTS, "EUR"), 9_000);
            // Lisbon's searches: today's, and those covering the 21st and 22nd
            redis.hset(SpeedCounter.searchesByDay("lisbon", "20261121"), SpeedCounter.SEARCHES, "57");
            redis.hset(SpeedCounter.searchesByDay("lisbon", "20261121"), SpeedCounter.SOLD_OUT, "3");
            redis.hset(SpeedCounter.searchesByStayNight("lisbon", "20261121"), SpeedCounter.SEARCHES, "12");
            redis.hset(SpeedCounter.searchesByStayNight("lisbon", "20261121"), SpeedCounter.SOLD_OUT, "2");
            redis.hset(SpeedCounter.searchesByStayNight("lisbon", "20261122"), SpeedCounter.SEARCHES, "5");
        }
        serving = ServingLayer.start(TestingServingConfig.of(stack), new TestingClock(NOW));
    }

    @AfterEach
    void stop()
    {
        if (serving != null) {
            serving.close();
        }
    }

    @Test
    void aHotelsNightsOfTheNewestDayAndItsBookingsSince()
            throws Exception
    {
        publish(AS_OF);
        JsonNode answer = get("/v1/hotels/1/supply-demand");
        assertThat(answer.get("as_of_date").asText()).isEqualTo("2026-11-20");
        assertThat(answer.get("from").asText()).isEqualTo("2026-11-21");
        assertThat(answer.get("to").asText()).isEqualTo("2026-12-21");
        assertThat(answer.get("degraded").asBoolean()).isFalse();
        assertThat(answer.get("nights").findValuesAsText("stay_date")).containsExactly("2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25");
        JsonNode first = answer.get("nights").get(0);
        assertThat(first.get("room_type_id").asLong()).isEqualTo(11);
        assertThat(first.get("rooms_sold").asLong()).isEqualTo(6);
        assertThat(first.get("suggested_price_cents").asLong()).isEqualTo(10_600);
        assertThat(first.get("look_to_book").isNull()).isTrue();
        assertThat(first.get("model").asText()).isEqualTo("occupancy-pace-v1");
        // per stay date: the 21st, 6 of 10 rooms sold at an ADR of 100.00; all 6 picked up within 7 days, none in the last one
        JsonNode stay = answer.get("stay_dates").get(0);
        assertThat(answer.get("stay_dates").findValuesAsText("stay_date")).containsExactly("2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25");
        assertThat(stay.get("currency").asText()).isEqualTo("EUR");
        assertThat(stay.get("capacity").asLong()).isEqualTo(10);
        assertThat(stay.get("rooms_sold").asLong()).isEqualTo(6);
        assertThat(stay.get("room_revenue_cents").asLong()).isEqualTo(60_000);
        assertThat(stay.get("occupancy").asDouble()).isEqualTo(0.6);
        assertThat(stay.get("adr_cents").asLong()).isEqualTo(10_000);
        assertThat(stay.get("revpar_cents").asLong()).isEqualTo(6_000);
        assertThat(stay.get("pickup_1d").asLong()).isZero();
        assertThat(stay.get("pickup_7d").asLong()).isEqualTo(6);
        assertThat(stay.get("pickup_30d").asLong()).isEqualTo(6);
        // since the snapshot: today's bookings from the speed layer, merged at W as the revenue endpoint merges them
        JsonNode since = answer.get("since_as_of");
        assertThat(since.get("from").asText()).isEqualTo("2026-11-21T00:00:00Z");
        assertThat(since.get("to").asText()).isEqualTo("2026-11-22T00:00:00Z");
        JsonNode euros = since.get("totals").get("EUR");
        assertThat(euros.get("confirmed").asLong()).isEqualTo(2);
        assertThat(euros.get("room_nights_sold").asLong()).isEqualTo(4);
        assertThat(euros.get("net_revenue_cents").asLong()).isEqualTo(32_000);

        assertThat(get("/v1/hotels/1/supply-demand?from=2026-11-22&to=2026-11-24").get("nights").findValuesAsText("stay_date"))
                .containsExactly("2026-11-22", "2026-11-23");
        assertThat(get("/v1/hotels/99/supply-demand").get("nights")).isEmpty();
    }

    @Test
    void aCitysNightsSumItsHotelsBesideTheSpeedLayersSearches()
            throws Exception
    {
        publish(AS_OF);
        JsonNode answer = get("/v1/cities/%20Lisbon/demand?from=2026-11-21&to=2026-11-27");
        assertThat(answer.get("city").asText()).isEqualTo("lisbon");
        assertThat(answer.get("degraded").asBoolean()).isFalse();
        assertThat(answer.get("searches_today").get("searches").asLong()).isEqualTo(57);
        assertThat(answer.get("searches_today").get("sold_out").asLong()).isEqualTo(3);
        JsonNode nights = answer.get("nights");
        assertThat(nights.findValuesAsText("stay_date")).containsExactly("2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26");
        // the 21st: hotels 1 (6 of 10 sold) and 2 (1 of 10)
        assertThat(nights.get(0).get("hotels").asLong()).isEqualTo(2);
        assertThat(nights.get(0).get("capacity").asLong()).isEqualTo(20);
        assertThat(nights.get(0).get("rooms_sold").asLong()).isEqualTo(7);
        assertThat(nights.get(0).get("occupancy").asDouble()).isEqualTo(0.35);
        assertThat(nights.get(0).get("speed_searches").asLong()).isEqualTo(12);
        assertThat(nights.get(0).get("speed_sold_out_searches").asLong()).isEqualTo(2);
        assertThat(nights.get(1).get("speed_searches").asLong()).isEqualTo(5);
        assertThat(nights.get(2).get("hotels").asLong()).isEqualTo(1);
        assertThat(nights.get(2).get("speed_searches").asLong()).isZero();
        // past the published nights: the speed layer's part alone
        assertThat(nights.get(5).has("hotels")).isFalse();
        assertThat(nights.get(5).get("speed_searches").asLong()).isZero();
        assertThat(get("/v1/cities/porto/demand?from=2026-11-21&to=2026-11-22").get("nights").get(0).get("rooms_sold").asLong()).isEqualTo(9);
    }

    @Test
    void anOldOrMissingDayAndRedisAwayAreDegraded()
            throws Exception
    {
        JsonNode none = get("/v1/hotels/1/supply-demand");
        assertThat(none.get("degraded").asBoolean()).isTrue();
        assertThat(none.get("as_of_date").isNull()).isTrue();
        assertThat(none.get("nights")).isEmpty();

        // the nightly job behind: its newest day is three days old
        publish(AS_OF.minusDays(2));
        JsonNode old = get("/v1/hotels/1/supply-demand?from=2026-11-21&to=2026-11-23");
        assertThat(old.get("as_of_date").asText()).isEqualTo("2026-11-18");
        assertThat(old.get("degraded").asBoolean()).isTrue();
        assertThat(old.get("nights")).hasSize(2);

        publish(AS_OF);
        stack.redis().stop();
        try {
            JsonNode city = get("/v1/cities/lisbon/demand?from=2026-11-21&to=2026-11-23");
            assertThat(city.get("degraded").asBoolean()).isTrue();
            assertThat(city.get("nights").get(0).get("rooms_sold").asLong()).isEqualTo(7);
            assertThat(city.get("nights").get(0).get("speed_searches").isNull()).isTrue();
            assertThat(city.get("searches_today").isNull()).isTrue();
            JsonNode hotel = get("/v1/hotels/1/supply-demand");
            assertThat(hotel.get("degraded").asBoolean()).isTrue();
            assertThat(hotel.get("nights")).hasSize(5);
        }
        finally {
            stack.redis().restart();
        }
    }

    @Test
    void badInputIsAProblem()
            throws Exception
    {
        publish(AS_OF);
        for (String path : List.of("/v1/hotels/1/supply-demand?from=2026-11-25&to=2026-11-21", "/v1/hotels/1/supply-demand?from=2026-11-21&to=2027-03-01",
                "/v1/hotels/1/supply-demand?from=tomorrow", "/v1/hotels/1/supply-demand?surprise=1", "/v1/hotels/-4/supply-demand",
                "/v1/hotels/1/supply-demand?from=2026-11-21&from=2026-11-22", "/v1/cities/lisbon/demand?to=2026-11-21&from=2026-11-21",
                "/v1/cities/lis%00bon/demand", "/v1/cities/%s/demand".formatted("x".repeat(200)), "/v1/cities/%20/demand")) {
            HttpResponse<String> response = send(path);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(path).contains("application/problem+json");
        }
    }

    private JsonNode get(String path)
            throws Exception
    {
        HttpResponse<String> response = send(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String path)
            throws Exception
    {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:%s%s".formatted(serving.port(), path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A day's supply and demand through {@link SupplyDemandTables} as the nightly job writes it:
     * hotel 1 (Lisbon, room type 11) the 21st to the 25th, 6 then 1 room sold of 10; hotel 2
     * (Lisbon, 21) the 21st and 22nd, 1 sold; hotel 3 (Porto, 31) the 21st, 9 sold.
     */
    private void publish(LocalDate asOf)
            throws Exception
    {
        List<String> lines = new ArrayList<>();
        for (int night = 0; night < 5; night++) {
            lines.add(SupplyDemandRows.line(1, 11, asOf, asOf.plusDays(1 + night), "lisbon", night == 0 ? 6 : 1, night == 0 ? 1.06 : 0.64, night == 0 ? 10_600 : 8_000));
        }
        lines.add(SupplyDemandRows.line(2, 21, asOf, asOf.plusDays(1), "lisbon", 1, 0.64, 8_000));
        lines.add(SupplyDemandRows.line(2, 21, asOf, asOf.plusDays(2), "lisbon", 1, 0.64, 8_000));
        lines.add(SupplyDemandRows.line(3, 31, asOf, asOf.plusDays(1), "porto", 9, 1.3, 13_000));
        try (Connection db = database()) {
            SupplyDemandRows.publish(db, asOf, lines);
        }
        if (!asOf.equals(AS_OF)) {
            // a newer day published before is not newest any more
            try (Connection db = database()) {
                SupplyDemandTables.begin(db, AS_OF);
            }
        }
    }

    private Connection database()
            throws Exception
    {
        return DriverManager.getConnection(stack.postgres().jdbcUrl(LocalStack.DATABASE), PostgresServer.USER, "");
    }

    private JedisPooled redis()
    {
        return new JedisPooled(URI.create(stack.redis().uri()));
    }
}
