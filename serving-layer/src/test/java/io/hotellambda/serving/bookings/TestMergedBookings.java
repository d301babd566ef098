package io.hotellambda.serving.bookings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.PostgresServer;
import io.hotellambda.infra.TestingClock;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.BookingMetric;
import io.hotellambda.schemas.BookingTables;
import io.hotellambda.schemas.Migrations;
import io.hotellambda.schemas.SpeedCounter;
import io.hotellambda.schemas.SpeedHeartbeat;
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
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/hotels/{id}/revenue} against real PostgreSQL and Redis: a ground truth of booking
 * events over four days, the speed layer's hashes for every one of them (as it writes them, also
 * for days the batch covers), and the nightly job's publish for the days it computed, a day
 * skipped among them. The merged numbers equal the truth on both sides of W, before and after the
 * skipped day is computed.
 */
@ExtendWith(TestingLocalStack.class)
class TestMergedBookings
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate D0 = LocalDate.parse("2026-11-19");
    private static final Instant NOW = D0.plusDays(3).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(14 * 60 + 30));
    private static final Map<Long, String> CURRENCY = Map.of(1L, "EUR", 2L, "USD");

    /** One booking event, reduced to what the truth needs: its kind, and its cents and room nights where it has them. */
    private record Booking(long hotelId, Instant receivedAt, String kind, long cents, long roomNights) {}

    private final HttpClient http = HttpClient.newHttpClient();
    private LocalStack stack;
    private ServingLayer serving;
    private List<Booking> truth;

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
        sql("TRUNCATE serving.hotel_booking_hours, serving.booking_batch_days, serving.batch_watermark");
        try (JedisPooled redis = new JedisPooled(URI.create(stack.redis().uri()))) {
            redis.flushAll();
        }
        truth = bookings(new Random(20261204), 300);
        writeSpeed(truth);
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
    void mergedNumbersEqualTheTruthOnBothSidesOfTheWatermarkWithASkippedDayAndARerun()
            throws Exception
    {
        // D1 skipped: W stops at it, and D2, computed but after W, is answered by the speed layer
        publish(D0);
        publish(D0.plusDays(2));
        publish(D0);
        for (long hotel : List.of(1L, 2L)) {
            JsonNode answer = revenue(hotel, "from=2026-11-19&to=2026-11-23");
            assertThat(answer.get("watermark").asText()).isEqualTo("2026-11-20T00:00:00Z");
            assertThat(answer.get("degraded").asBoolean()).isFalse();
            assertThat(answer.get("series").findValuesAsText("source")).containsExactly("batch", "speed", "speed", "speed");
            assertNumbers(answer.get("totals"), hotel, booking -> true);
            assertNumbers(answer.get("batch_totals"), hotel, booking -> booking.receivedAt().isBefore(midnight(D0.plusDays(1))));
            assertNumbers(answer.get("speed_totals"), hotel, booking -> !booking.receivedAt().isBefore(midnight(D0.plusDays(1))));
            for (int day = 0; day < 4; day++) {
                Instant start = midnight(D0.plusDays(day));
                assertNumbers(answer.get("series").get(day).get("currencies"), hotel, booking -> !booking.receivedAt().isBefore(start)
                        && booking.receivedAt().isBefore(start.plus(Duration.ofDays(1))));
            }
        }

        // the skipped day computed: W moves past D2, the numbers do not change
        publish(D0.plusDays(1));
        for (long hotel : List.of(1L, 2L)) {
            JsonNode answer = revenue(hotel, "from=2026-11-19&to=2026-11-23");
            assertThat(answer.get("watermark").asText()).isEqualTo("2026-11-22T00:00:00Z");
            assertThat(answer.get("series").findValuesAsText("source")).containsExactly("batch", "batch", "batch", "speed");
            assertNumbers(answer.get("totals"), hotel, booking -> true);
            assertNumbers(answer.get("speed_totals"), hotel, booking -> !booking.receivedAt().isBefore(midnight(D0.plusDays(3))));

            // hours across the seam: D2's last hours from the batch, D3's first from the speed layer
            JsonNode hours = revenue(hotel, "granularity=hour&from=2026-11-21T20:00:00Z&to=2026-11-22T15:00:00Z");
            assertThat(hours.get("series").get(0).get("source").asText()).isEqualTo("batch");
            assertThat(hours.get("series").get(4).get("source").asText()).isEqualTo("speed");
            for (int hour = 0; hour < 19; hour++) {
                Instant start = Instant.parse("2026-11-21T20:00:00Z").plus(Duration.ofHours(hour));
                assertNumbers(hours.get("series").get(hour).get("currencies"), hotel,
                        booking -> !booking.receivedAt().isBefore(start) && booking.receivedAt().isBefore(start.plus(Duration.ofHours(1))));
            }
        }
    }

    @Test
    void withRedisAwayTheBatchPartIsAnsweredAndTheAnswerSaysDegraded()
            throws Exception
    {
        publish(D0);
        stack.redis().stop();
        try {
            JsonNode answer = revenue(1, "from=2026-11-19&to=2026-11-23");
            assertThat(answer.get("degraded").asBoolean()).isTrue();
            assertThat(answer.get("series").get(0).get("source").asText()).isEqualTo("batch");
            assertNumbers(answer.get("series").get(0).get("currencies"), 1, booking -> booking.receivedAt().isBefore(midnight(D0.plusDays(1))));
            assertThat(answer.get("series").get(1).get("currencies").isNull()).isTrue();
        }
        finally {
            stack.redis().restart();
        }
    }

    @Test
    void badRangesAreProblems()
            throws Exception
    {
        for (String query : List.of("granularity=week", "from=2026-11-19T10:30:00Z&granularity=hour", "from=2026-11-22&to=2026-11-19", "to=2027-01-01",
                "from=2020-01-01&to=2026-11-19", "from=yesterday", "surprise=1")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:%s/v1/hotels/1/revenue?%s".formatted(serving.port(), query)))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(query).contains("application/problem+json");
        }
        HttpResponse<String> badHotel = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:%s/v1/hotels/-4/revenue".formatted(serving.port())))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(badHotel.statusCode()).isEqualTo(400);
    }

    /** The currencies' numbers of a bucket or a total, against the truth's events that {@code include} picks; a currency with none is absent. */
    private void assertNumbers(JsonNode currencies, long hotel, Predicate<Booking> include)
    {
        Map<String, Long> expected = expected(hotel, include);
        JsonNode numbers = currencies.get(CURRENCY.get(hotel));
        if (expected.values().stream().allMatch(value -> value == 0)) {
            // every event adds to some number, so no event means no entry for the currency
            assertThat(numbers).isNull();
            return;
        }
        Map<String, Long> actual = new TreeMap<>();
        numbers.fields().forEachRemaining(field -> actual.put(field.getKey(), field.getValue().asLong()));
        assertThat(actual).isEqualTo(expected);
    }

    /** The truth by hand, apart from BookingMetric: what each kind of event adds. */
    private Map<String, Long> expected(long hotel, Predicate<Booking> include)
    {
        Map<String, Long> numbers = new TreeMap<>();
        for (BookingMetric metric : BookingMetric.values()) {
            numbers.put(metric.column(), 0L);
        }
        numbers.put("net_revenue_cents", 0L);
        for (Booking booking : truth) {
            if (booking.hotelId() != hotel || !include.test(booking)) {
                continue;
            }
            switch (booking.kind()) {
                case "created" -> numbers.merge("holds_created", 1L, Long::sum);
                case "confirmed" -> {
                    numbers.merge("confirmed", 1L, Long::sum);
                    numbers.merge("revenue_cents", booking.cents(), Long::sum);
                    numbers.merge("net_revenue_cents", booking.cents(), Long::sum);
                    numbers.merge("room_nights_sold", booking.roomNights(), Long::sum);
                }
                case "cancelled" -> {
                    numbers.merge("cancelled", 1L, Long::sum);
                    numbers.merge("refund_cents", booking.cents(), Long::sum);
                    numbers.merge("net_revenue_cents", -booking.cents(), Long::sum);
                }
                case "expired" -> numbers.merge("expired", 1L, Long::sum);
                case "failed" -> numbers.merge("payment_failures", 1L, Long::sum);
                default -> throw new IllegalStateException(booking.kind());
            }
        }
        return numbers;
    }

    private static List<Booking> bookings(Random random, int count)
    {
        List<Booking> bookings = new ArrayList<>();
        long span = Duration.between(midnight(D0), NOW).toMillis();
        String[] kinds = {"created", "created", "confirmed", "cancelled", "expired", "failed"};
        for (int i = 0; i < count; i++) {
            long hotel = 1 + random.nextInt(2);
            String kind = kinds[random.nextInt(kinds.length)];
            long cents = kind.equals("confirmed") ? 10_000 + random.nextInt(90_000) : kind.equals("cancelled") ? random.nextInt(3) * 5_000 : 0;
            bookings.add(new Booking(hotel, midnight(D0).plusMillis((long) (random.nextDouble() * span)), kind, cents, kind.equals("confirmed") ? 1 + random.nextInt(6) : 0));
        }
        return bookings;
    }

    /** What the speed layer writes for each event: its numbers added to the hour's and the day's hash. */
    private void writeSpeed(List<Booking> bookings)
    {
        try (JedisPooled redis = new JedisPooled(URI.create(stack.redis().uri()))) {
            for (Booking booking : bookings) {
                contribution(booking).forEach((metric, value) -> {
                    String field = SpeedCounter.bookingField(metric, CURRENCY.get(booking.hotelId()));
                    redis.hincrBy(SpeedCounter.BOOKINGS.key(booking.hotelId(), booking.receivedAt()), field, value);
                    redis.hincrBy(SpeedCounter.DAILY_BOOKINGS.key(booking.hotelId(), booking.receivedAt()), field, value);
                });
            }
            SpeedHeartbeat.write(redis, new SpeedHeartbeat.Beat(Instant.now(), Duration.ofDays(7)));
        }
    }

    private static Map<BookingMetric, Long> contribution(Booking booking)
    {
        return switch (booking.kind()) {
            case "created" -> Map.of(BookingMetric.HOLDS_CREATED, 1L);
            case "confirmed" -> Map.of(BookingMetric.CONFIRMED, 1L, BookingMetric.REVENUE_CENTS, booking.cents(), BookingMetric.ROOM_NIGHTS_SOLD, booking.roomNights());
            case "cancelled" -> Map.of(BookingMetric.CANCELLED, 1L, BookingMetric.REFUND_CENTS, booking.cents());
            case "expired" -> Map.of(BookingMetric.EXPIRED, 1L);
            case "failed" -> Map.of(BookingMetric.PAYMENT_FAILURES, 1L);
            default -> throw new IllegalStateException(booking.kind());
        };
    }

    /** The nightly job's publish of {@code day}: the truth's events of the day, per hotel, hour and currency. */
    private void publish(LocalDate day)
            throws Exception
    {
        Map<String, long[]> cells = new TreeMap<>();
        for (Booking booking : truth) {
            if (!LocalDate.ofInstant(booking.receivedAt(), ZoneOffset.UTC).equals(day)) {
                continue;
            }
            long[] values = cells.computeIfAbsent(booking.hotelId() + "/" + booking.receivedAt().atZone(ZoneOffset.UTC).getHour(),
                    key -> new long[BookingMetric.values().length]);
            contribution(booking).forEach((metric, value) -> values[metric.ordinal()] += value);
        }
        List<BookingTables.HourRow> rows = new ArrayList<>();
        cells.forEach((cell, values) -> {
            long hotel = Long.parseLong(cell.substring(0, cell.indexOf('/')));
            rows.add(new BookingTables.HourRow(hotel, day, Integer.parseInt(cell.substring(cell.indexOf('/') + 1)), CURRENCY.get(hotel), values));
        });
        try (Connection db = stack.postgres().connect(LocalStack.DATABASE)) {
            BookingTables.publish(db, new BookingTables.DayResult(day, true, false, Optional.of(midnight(day.plusDays(1))), rows.size(), rows));
        }
    }

    private JsonNode revenue(long hotel, String query)
            throws Exception
    {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:%s/v1/hotels/%s/revenue?%s".formatted(serving.port(), hotel, query)))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static Instant midnight(LocalDate day)
    {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private void sql(String statement)
            throws Exception
    {
        try (Connection db = stack.postgres().connect(LocalStack.DATABASE); Statement sql = db.createStatement()) {
            sql.execute(statement);
        }
    }
}
