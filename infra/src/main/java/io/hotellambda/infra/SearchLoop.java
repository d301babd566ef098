package io.hotellambda.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotellambda.schemas.SpeedCounter;
import redis.clients.jedis.UnifiedJedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The quickstart's searches, as guests type them: a typo, an accent left out, a look-alike city,
 * dates with a price cap, words from a description. Each answer's first hotels are printed; then
 * the speed layer's count of the day's Amsterdam searches must have grown by the two made here.
 */
final class SearchLoop
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COUNTED_CITY = "amsterdam";

    private final String booking;
    private final String redisUri;
    private final Consumer<String> out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SearchLoop(String booking, String redisUri, Consumer<String> out)
    {
        this.booking = booking;
        this.redisUri = redisUri;
        this.out = out;
    }

    void run()
    {
        LocalDate checkIn = LocalDate.now(ZoneOffset.UTC).plusDays(14);
        String dates = "check_in=%s&check_out=%s".formatted(checkIn, checkIn.plusDays(2));
        // the Amsterdam searches (the city they resolve to is amsterdam): the first and the fourth
        List<String> queries = List.of(
                "city=Amsterdm",
                "q=Zurich",
                "city=" + encode("Den Hag") + "&amenity=beachfront",
                "city=" + encode("amsterdam ") + "&" + dates + "&guests=2&max_price=20000&sort=price",
                "q=canal&" + dates);
        try (UnifiedJedis redis = new UnifiedJedis(URI.create(redisUri))) {
            String day = SpeedCounter.Bucket.DAY.of(Instant.now());
            long before = counted(redis, day);
            for (String query : queries) {
                JsonNode answer = get("/v1/search?" + query);
                List<String> shown = new ArrayList<>();
                answer.get("hotels").forEach(hotel -> {
                    if (shown.size() < 3) {
                        JsonNode offer = hotel.get("offer");
                        shown.add("%s (%s, %s %s a night)".formatted(hotel.get("name").asText(), hotel.get("city").asText(),
                                offer.get("nightly_cents").asLong() / 100, hotel.get("currency").asText()));
                    }
                });
                out.accept("search %s: %s found%s %s".formatted(query, answer.get("result_count").asInt(), answer.get("sold_out").asBoolean() ? " (sold out)" : "",
                        shown.isEmpty() ? "" : String.join(", ", shown)));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long now = counted(redis, day);
            while (now < before + 2 && System.nanoTime() < deadline) {
                sleep();
                now = counted(redis, day);
            }
            if (now < before + 2) {
                throw new IllegalStateException("the speed layer counted %s new Amsterdam searches in 60 s, not 2 (%s)".formatted(now - before,
                        SpeedCounter.searchesByDay(COUNTED_CITY, day)));
            }
            out.accept("the speed layer counted them: %s Amsterdam searches today (%s), %s before this loop".formatted(now,
                    SpeedCounter.searchesByDay(COUNTED_CITY, day), before));
        }
    }

    private static long counted(UnifiedJedis redis, String day)
    {
        return Optional.ofNullable(redis.hget(SpeedCounter.searchesByDay(COUNTED_CITY, day), SpeedCounter.SEARCHES)).map(Long::parseLong).orElse(0L);
    }

    private JsonNode get(String path)
    {
        try {
            return JSON.readTree(SampleHotels.send(http, HttpRequest.newBuilder(URI.create(booking + path)).GET(), 200));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String value)
    {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void sleep()
    {
        try {
            Thread.sleep(500);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
