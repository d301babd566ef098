package io.hotellambda.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import io.hotellambda.batch.TestingBatchSpark;
import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.archive.ArchiveStore;
import io.hotellambda.batch.archive.ArchiverConfig;
import io.hotellambda.batch.archive.TestingArchive;
import io.hotellambda.batch.audit.BookingAudit;
import io.hotellambda.batch.audit.BookingAuditJob;
import io.hotellambda.batch.audit.BookingAuditRepository;
import io.hotellambda.batch.bookings.DailyBookingsJob;
import io.hotellambda.batch.bookings.InventorySnapshot;
import io.hotellambda.batch.bookings.StayDateJob;
import io.hotellambda.batch.bookings.SupplyDemandPublisher;
import io.hotellambda.batch.daily.BatchTables;
import io.hotellambda.booking.TestingBookingApp;
import io.hotellambda.booking.TestingReservations;
import io.hotellambda.booking.outbox.Outbox;
import io.hotellambda.booking.outbox.OutboxRelay;
import io.hotellambda.booking.views.EventPublisher;
import io.hotellambda.config.RedisTarget;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.PostgresServer;
import io.hotellambda.infra.TestingClock;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.BookingMetric;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.Migrations;
import io.hotellambda.schemas.SupplyDemandTables;
import io.hotellambda.schemas.SpeedCounter;
import io.hotellambda.schemas.Topics;
import io.hotellambda.serving.Granularity;
import io.hotellambda.serving.ServingDatabase;
import io.hotellambda.serving.bookings.BookingBatchRepository;
import io.hotellambda.serving.bookings.MergedBookings;
import io.hotellambda.serving.speed.CircuitBreaker;
import io.hotellambda.serving.speed.SpeedFreshness;
import io.hotellambda.serving.speed.SpeedView;
import io.hotellambda.speed.BatchHook;
import io.hotellambda.speed.SpeedLayer;
import io.hotellambda.speed.SpeedLayerConfig;
import io.hotellambda.speed.SpeedLayerMetrics;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.UnifiedJedis;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Booking numbers through the whole platform: bookings made through booking-app's API on four
 * days (holds, confirmations, a decline, a late payment, a cancellation with a refund, an
 * expiry), its outbox relay dying between send and mark once (so some events are published
 * twice), Kafka, the speed layer, the archiver, the nightly job day by day with a day skipped and
 * filled in later and a rerun, and the serving layer's merge. The ground truth is PostgreSQL's own
 * state (reservations, payments, refunds), not the events: per hotel and day, the merged numbers
 * equal it exactly on both sides of W. The audit passes, then catches revenue altered in Redis.
 */
@ExtendWith(TestingLocalStack.class)
class TestBookingAnalytics
{
    private static final List<String> METRICS = java.util.Arrays.stream(BookingMetric.values()).map(BookingMetric::column).toList();

    @Test
    void mergedBookingNumbersEqualPostgresAcrossTheWatermarkThroughARelayCrashASkippedDayAndARerun(LocalStack stack)
            throws Exception
    {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate d0 = today.minusDays(3);
        TestingClock clock = new TestingClock(d0.atTime(9, 0).toInstant(ZoneOffset.UTC));
        Map<String, Map<LocalDate, Map<String, Long>>> truth;
        String jdbcUrl;
        long[] hotels;
        try (TestingBookingApp booking = new TestingBookingApp(stack, clock, Duration.ofMillis(50))) {
            TestingReservations api = new TestingReservations(booking);
            hotels = new long[] {api.hotel("Analytics Inn"), api.hotel("Ledger Lodge")};
            long[] roomTypes = {api.roomType(hotels[0], 20, 100), api.roomType(hotels[1], 20, 100)};
            for (int day = 0; day < 4; day++) {
                LocalDate date = d0.plusDays(day);
                clock.set(date.atTime(10, 0).toInstant(ZoneOffset.UTC));
                if (day == 1) {
                    // the relay dies after sending the day's events; booking-app's relay sends them again the next morning
                    bookWithADyingRelay(stack, booking, clock, () -> book(api, clock, hotels, roomTypes, date), date.plusDays(1).atTime(9, 0).toInstant(ZoneOffset.UTC));
                }
                else {
                    book(api, clock, hotels, roomTypes, date);
                }
                // the relay stamps received_at when it sends: all sent before the clock jumps to the next day
                TestingReservations.await(() -> booking.get("/health", Map.of()).json().get("outbox_backlog").asLong() == 0, "the outbox to be published");
            }
            jdbcUrl = booking.jdbcUrl();
            truth = truth(jdbcUrl);
        }
        // per hotel and day: six holds, four confirmed (one late), a decline, a cancellation with a refund, two expiries (one paid late)
        assertThat(sum(truth, "holds_created")).isEqualTo(4 * 2 * 6);
        assertThat(sum(truth, "confirmed")).isEqualTo(4 * 2 * 4);
        assertThat(sum(truth, "payment_failures")).isEqualTo(4 * 2);
        assertThat(sum(truth, "cancelled")).isEqualTo(4 * 2);
        assertThat(sum(truth, "expired")).isEqualTo(4 * 2 * 2);
        assertThat(sum(truth, "refund_cents")).isPositive();

        Clock now = Clock.fixed(today.atTime(LocalTime.of(14, 30)).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        Path work = Files.createTempDirectory("booking-analytics-");
        SpeedLayerConfig speedConfig = new SpeedLayerConfig("local[2]", stack.kafka().bootstrapServers(),
                new RedisTarget(URI.create(stack.redis().uri()), List.of(), Duration.ofSeconds(5)),
                work.resolve("checkpoint").toString(), Duration.ofMillis(200), Duration.ofMinutes(10), Duration.ofDays(7),
                "earliest", 1_000_000, 2, "127.0.0.1", -1, Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMillis(200));
        try (SpeedLayer speed = SpeedLayer.start(TestingBatchSpark.session(), speedConfig, new SpeedLayerMetrics(), BatchHook.NONE)) {
            speed.query().processAllAvailable();
        }
        String root = work.resolve("raw").toUri().toString();
        ArchiverConfig archiverConfig = new ArchiverConfig(stack.kafka().bootstrapServers(), "booking-analytics-archiver", List.of(Topics.BOOKING_EVENTS),
                root, 1_000, Duration.ofHours(1), Duration.ofMillis(300), Duration.ofMinutes(1));
        ArchiveStore store = new ArchiveStore(ArchiveLayout.open(root, new Configuration()));
        long published = recordsIn(stack, Topics.BOOKING_EVENTS);
        TestingArchive.archiveUntil(archiverConfig, store, Topics.BOOKING_EVENTS, published, now);

        Migrations.serving(jdbcUrl, PostgresServer.USER, "");
        DailyBookingsJob nightly = new DailyBookingsJob(TestingBatchSpark.session(), ArchiveLayout.open(root, new Configuration()), jdbcUrl, PostgresServer.USER, "");
        UnifiedJedis redis = new UnifiedJedis(URI.create(stack.redis().uri()));
        SpeedFreshness freshness = new SpeedFreshness(redis, Clock.systemUTC(), Duration.ofDays(7), Duration.ofHours(1), Duration.ofSeconds(1));
        freshness.start();
        try (redis; SpeedView speedView = new SpeedView(redis, new CircuitBreaker("Redis", Duration.ofSeconds(1), Clock.systemUTC()), Duration.ofSeconds(5),
                Optional.empty(), freshness)) {
            MergedBookings merged = new MergedBookings(new BookingBatchRepository(new ServingDatabase(jdbcUrl, PostgresServer.USER, "")), speedView, now, Duration.ofDays(7));

            // before any nightly run: every day from the speed layer
            assertMerged(merged, hotels, d0, today, truth, List.of("speed", "speed", "speed", "speed"));

            // D1 skipped: W holds at its start; D1 and D2 from the speed layer
            nightly.run(d0, false);
            DailyBookingsJob.Outcome d2 = nightly.run(d0.plusDays(2), false);
            long d2Records = TestingBatchSpark.session().sql("SELECT count(*) FROM raw_booking_events WHERE dt = '%s'".formatted(d0.plusDays(2)))
                    .first().getLong(0);
            assertThat(d2Records).as("D2's archive holds D1's events sent again, which D2 does not count").isGreaterThan(d2.events() + 2 * 12);
            assertMerged(merged, hotels, d0, today, truth, List.of("batch", "speed", "speed", "speed"));

            // D1 filled in: W moves past D2
            DailyBookingsJob.Outcome filled = nightly.run(d0.plusDays(1), false);
            assertThat(filled.watermark()).contains(today.atStartOfDay(ZoneOffset.UTC).toInstant());
            assertMerged(merged, hotels, d0, today, truth, List.of("batch", "batch", "batch", "speed"));

            // a rerun of the day the relay published twice: the same numbers
            nightly.run(d0.plusDays(1), false);
            assertMerged(merged, hotels, d0, today, truth, List.of("batch", "batch", "batch", "speed"));

            // the stay-date axis as of D2's end: night by night, what PostgreSQL's reservations say
            LocalDate asOf = d0.plusDays(2);
            ArchiveLayout layout = ArchiveLayout.open(root, new Configuration());
            StayDateJob stayDates = new StayDateJob(TestingBatchSpark.session(), layout,
                    new InventorySnapshot(TestingBatchSpark.session(), layout, java.time.Clock.systemUTC(), jdbcUrl, PostgresServer.USER, ""),
                    new SupplyDemandPublisher(jdbcUrl, PostgresServer.USER, ""));
            StayDateJob.Outcome stays = stayDates.run(asOf);
            assertThat(stays.snapshot()).isEqualTo(InventorySnapshot.Source.TAKEN);
            List<String> nights = TestingBatchSpark.session().sql("""
                    SELECT hotel_id, room_type_id, stay_date, rooms_sold, room_revenue_cents FROM hotel_stay_nights
                    WHERE dt = '%s' AND rooms_sold > 0 ORDER BY hotel_id, room_type_id, stay_date""".formatted(asOf)).collectAsList().stream()
                    .map(row -> "%s %s %s %s %s".formatted(row.get(0), row.get(1), row.get(2), row.get(3), row.get(4))).toList();
            assertThat(nights).isEqualTo(soldNights(jdbcUrl, asOf));
            assertThat(TestingBatchSpark.session().sql("""
                    SELECT count(*) FROM hotel_stay_nights
                    WHERE dt = '%s' AND rooms_sold > 0 AND (capacity <> 20 OR abs(occupancy - rooms_sold / 20.0) > 1e-9)""".formatted(asOf))
                    .first().getLong(0)).as("capacity 20 a night, as the snapshot saw it").isZero();
            // supply and demand: every night the snapshot holds after the day, published to PostgreSQL with suggestions within bounds
            assertThat(stays.supplyDemandRows()).isPositive();
            try (Connection db = DriverManager.getConnection(jdbcUrl, PostgresServer.USER, "")) {
                assertThat(SupplyDemandTables.newest(db)).contains(asOf);
                try (ResultSet row = db.createStatement().executeQuery("""
                        SELECT count(*), count(*) FILTER (WHERE suggested_price_cents NOT BETWEEN price_min_cents AND price_max_cents)
                        FROM serving.supply_demand WHERE as_of_date = '%s'""".formatted(asOf))) {
                    row.next();
                    assertThat(row.getLong(1)).isEqualTo(stays.supplyDemandRows());
                    assertThat(row.getLong(2)).isZero();
                }
            }
            // a rerun reads the stored snapshot and gives the same rows
            assertThat(stayDates.run(asOf)).isEqualTo(new StayDateJob.Outcome(asOf, InventorySnapshot.Source.STORED, stays.nights(), stays.roomsSold(),
                    stays.supplyDemandRows()));

            // the audit: exact on both sides, then revenue altered in Redis is named with its hotel and amount
            BookingAuditJob audit = new BookingAuditJob(TestingBatchSpark.session(), new BatchTables(TestingBatchSpark.session(), ArchiveLayout.open(root,
                    new Configuration())), redis, new BookingAuditRepository(jdbcUrl, PostgresServer.USER, ""));
            for (int day = 0; day < 3; day++) {
                BookingAudit.Result result = audit.run(d0.plusDays(day)).result();
                assertThat(result.failures()).as("audit of %s", d0.plusDays(day)).isEmpty();
                assertThat(result.hotelsCompared()).isEqualTo(2);
            }
            String key = SpeedCounter.DAILY_BOOKINGS.key(hotels[1], d0.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            redis.hincrBy(key, "revenue_cents:EUR", -1_234);
            BookingAudit.Result altered = audit.run(d0.plusDays(1)).result();
            long batchRevenue = truth.get("revenue_cents").get(d0.plusDays(1)).get(hotels[1] + "/EUR");
            assertThat(altered.passed()).isFalse();
            assertThat(altered.failures()).containsExactly("hotel %s EUR revenue_cents: batch %s, speed %s (speed -1234)".formatted(hotels[1], batchRevenue,
                    batchRevenue - 1_234));
            redis.hincrBy(key, "revenue_cents:EUR", 1_234);
        }
    }

    /**
     * One day's bookings per hotel, at 10:00 on the booking clock and on: two stays paid (one of two
     * rooms), a payment declined, a stay paid and cancelled by its guest (refunded by the default
     * policy), a hold left to expire, and a hold paid after it expired (confirmed late: its rooms
     * were still free).
     */
    private static void book(TestingReservations api, TestingClock clock, long[] hotels, long[] roomTypes, LocalDate date)
    {
        for (int i = 0; i < hotels.length; i++) {
            long hotel = hotels[i];
            long roomType = roomTypes[i];
            LocalDate stay = date.plusDays(20 + i);
            String guest = api.guest();
            paid(api, guest, hotel, roomType, stay, 2, 1);
            paid(api, guest, hotel, roomType, stay.plusDays(3), 3, 2);
            String declined = id(api.reserve(guest, hotel, roomType, stay, stay.plusDays(1), 1));
            api.confirmAtProvider(api.pay(guest, declined), "{\"payment_method\": \"pm_card_chargeDeclined\"}");
            api.awaitStatus(guest, declined, "payment_failed");
            String cancelled = paid(api, guest, hotel, roomType, stay.plusDays(7), 1, 1);
            assertThat(api.cancel(guest, cancelled).status()).isEqualTo(200);
            String expiring = id(api.reserve(guest, hotel, roomType, stay.plusDays(9), stay.plusDays(10), 1));
            String late = id(api.reserve(guest, hotel, roomType, stay.plusDays(11), stay.plusDays(13), 1));
            String latePayment = api.pay(guest, late);
            clock.advance(Duration.ofMinutes(11));
            api.awaitStatus(guest, expiring, "expired");
            api.awaitStatus(guest, late, "expired");
            api.confirmAtProvider(latePayment, "{\"payment_method\": \"pm_card_visa\"}");
            api.awaitStatus(guest, late, "confirmed");
            clock.advance(Duration.ofMinutes(5));
        }
    }

    private static String paid(TestingReservations api, String guest, long hotel, long roomType, LocalDate checkIn, int nights, int rooms)
    {
        String id = id(api.reserve(guest, hotel, roomType, checkIn, checkIn.plusDays(nights), rooms));
        api.confirmAtProvider(api.pay(guest, id), "{\"payment_method\": \"pm_card_visa\"}");
        api.awaitStatus(guest, id, "confirmed");
        return id;
    }

    private static String id(TestingBookingApp.Response response)
    {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("reservation_id").asText();
    }

    /**
     * As TestHoldsAndOutbox's relay crash: the test holds the relay's lock, so booking-app's relay
     * waits while the day's bookings pile up in the outbox; a relay of the test's sends them all and
     * dies before marking them; booking-app's relay then sends them again at {@code sentAgainAt}
     * (the next morning), stamped with that time: the copies fall on the next day.
     */
    private static void bookWithADyingRelay(LocalStack stack, TestingBookingApp booking, TestingClock clock, Runnable bookings, Instant sentAgainAt)
            throws Exception
    {
        booking.stop();
        try (Connection dying = DriverManager.getConnection(booking.jdbcUrl(), PostgresServer.USER, "")) {
            try (PreparedStatement lock = dying.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, OutboxRelay.LOCK_KEY);
                lock.execute();
            }
            booking.restart();
            bookings.run();
            try (Producer<String, byte[]> producer = EventPublisher.kafkaProducer(stack.kafka().bootstrapServers(), Duration.ofSeconds(10))) {
                List<Outbox.Row> sent = new OutboxRelay(() -> dying, new Outbox(new EventCodec()), producer, clock, 500, Duration.ofSeconds(10)).send();
                assertThat(sent).as("the day's events, sent and never marked").hasSizeGreaterThanOrEqualTo(2 * 12);
            }
            // the lock goes with the dying relay's connection; booking-app's relay then sends them all again, later
            clock.set(sentAgainAt);
        }
    }

    /**
     * PostgreSQL's state, apart from the events: per metric, UTC day and "hotel/currency", the
     * number. Holds by their creation; confirmations (reservations with an invoice) with their
     * revenue and room nights by their payment's success; cancellations and their refunds (not the
     * return of a late payment) by the cancellation; expiries by the hold's end (also of a hold paid
     * late, which is confirmed now); declines by the failed payment.
     */
    private static Map<String, Map<LocalDate, Map<String, Long>>> truth(String jdbcUrl)
            throws Exception
    {
        Map<String, Map<LocalDate, Map<String, Long>>> truth = new TreeMap<>();
        METRICS.forEach(metric -> truth.put(metric, new TreeMap<>()));
        try (Connection db = DriverManager.getConnection(jdbcUrl, PostgresServer.USER, "")) {
            add(db, truth, """
                    SELECT hotel_id, (created_at AT TIME ZONE 'UTC')::date, currency, count(*) AS holds_created FROM reservations GROUP BY 1, 2, 3""");
            add(db, truth, """
                    SELECT r.hotel_id, (p.updated_at AT TIME ZONE 'UTC')::date, r.currency, count(*) AS confirmed, sum(r.total_cents) AS revenue_cents,
                           sum(r.rooms * (r.check_out - r.check_in)) AS room_nights_sold
                    FROM reservations r JOIN payments p ON p.reservation_id = r.id AND p.status = 'succeeded'
                    WHERE r.invoice_number IS NOT NULL GROUP BY 1, 2, 3""");
            add(db, truth, """
                    SELECT r.hotel_id, (r.updated_at AT TIME ZONE 'UTC')::date, r.currency, count(*) AS cancelled, coalesce(sum(f.amount), 0) AS refund_cents
                    FROM reservations r
                    LEFT JOIN (SELECT reservation_id, sum(amount_cents) AS amount FROM refunds WHERE reason NOT LIKE 'paid\\_after\\_%' GROUP BY 1) f
                        ON f.reservation_id = r.id
                    WHERE r.status = 'cancelled' GROUP BY 1, 2, 3""");
            add(db, truth, """
                    SELECT r.hotel_id, (r.hold_expires_at AT TIME ZONE 'UTC')::date, r.currency, count(*) AS expired
                    FROM reservations r LEFT JOIN payments p ON p.reservation_id = r.id
                    WHERE r.status = 'expired' OR (r.invoice_number IS NOT NULL AND p.updated_at > r.hold_expires_at) GROUP BY 1, 2, 3""");
            add(db, truth, """
                    SELECT r.hotel_id, (p.updated_at AT TIME ZONE 'UTC')::date, p.currency, count(*) AS payment_failures
                    FROM payments p JOIN reservations r ON r.id = p.reservation_id WHERE p.status = 'failed' GROUP BY 1, 2, 3""");
        }
        return truth;
    }

    /**
     * PostgreSQL's sold nights as of {@code asOf}'s end, "hotel room_type stay_date rooms revenue":
     * reservations paid by then and not cancelled by then, each night's price times the rooms.
     */
    private static List<String> soldNights(String jdbcUrl, LocalDate asOf)
            throws Exception
    {
        List<String> nights = new java.util.ArrayList<>();
        try (Connection db = DriverManager.getConnection(jdbcUrl, PostgresServer.USER, "");
                PreparedStatement select = db.prepareStatement("""
                        SELECT r.hotel_id, r.room_type_id, r.check_in + n.i AS stay_date, sum(r.rooms), sum(r.night_prices_cents[n.i + 1] * r.rooms)
                        FROM reservations r
                        JOIN payments p ON p.reservation_id = r.id AND p.status = 'succeeded'
                        CROSS JOIN LATERAL generate_series(0, r.check_out - r.check_in - 1) AS n(i)
                        WHERE r.invoice_number IS NOT NULL AND p.updated_at < ? AND NOT (r.status = 'cancelled' AND r.updated_at < ?)
                        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""")) {
            java.sql.Timestamp end = java.sql.Timestamp.from(asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            select.setTimestamp(1, end);
            select.setTimestamp(2, end);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    nights.add("%s %s %s %s %s".formatted(rows.getLong(1), rows.getLong(2), rows.getObject(3, LocalDate.class), rows.getLong(4), rows.getLong(5)));
                }
            }
        }
        assertThat(nights).as("nights sold as of %s", asOf).isNotEmpty();
        return nights;
    }

    private static long sum(Map<String, Map<LocalDate, Map<String, Long>>> truth, String metric)
    {
        return truth.get(metric).values().stream().flatMap(day -> day.values().stream()).mapToLong(Long::longValue).sum();
    }

    private static void add(Connection db, Map<String, Map<LocalDate, Map<String, Long>>> truth, String select)
            throws Exception
    {
        try (PreparedStatement statement = db.prepareStatement(select); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                for (int column = 4; column <= rows.getMetaData().getColumnCount(); column++) {
                    truth.get(rows.getMetaData().getColumnLabel(column)).computeIfAbsent(rows.getObject(2, LocalDate.class), day -> new TreeMap<>())
                            .put(rows.getLong(1) + "/" + rows.getString(3).trim(), rows.getLong(column));
                }
            }
        }
    }

    /** Per hotel: each day's numbers and source, and the totals, against the truth. */
    private static void assertMerged(MergedBookings merged, long[] hotels, LocalDate d0, LocalDate today, Map<String, Map<LocalDate, Map<String, Long>>> truth,
            List<String> sources)
            throws Exception
    {
        for (long hotel : hotels) {
            MergedBookings.Revenue revenue = merged.revenue(hotel, Granularity.DAY, d0.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            assertThat(revenue.degraded()).isFalse();
            assertThat(revenue.series()).extracting(MergedBookings.Point::source).as("hotel %s", hotel).isEqualTo(sources);
            Map<String, Long> totals = new TreeMap<>();
            for (int day = 0; day < 4; day++) {
                LocalDate date = d0.plusDays(day);
                Map<String, Long> numbers = revenue.series().get(day).currencies().get("EUR");
                for (String metric : METRICS) {
                    long expected = truth.get(metric).getOrDefault(date, Map.of()).getOrDefault(hotel + "/EUR", 0L);
                    assertThat(numbers.get(metric)).as("hotel %s, %s, %s (%s)", hotel, date, metric, sources.get(day)).isEqualTo(expected);
                    totals.merge(metric, expected, Long::sum);
                }
            }
            for (String metric : METRICS) {
                assertThat(revenue.totals().get("EUR").get(metric)).as("hotel %s, total %s", hotel, metric).isEqualTo(totals.get(metric));
            }
            assertThat(revenue.totals().get("EUR").get(MergedBookings.NET_REVENUE)).isEqualTo(totals.get("revenue_cents") - totals.get("refund_cents"));
        }
    }

    private static long recordsIn(LocalStack stack, String topic)
    {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum()
                    - consumer.beginningOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
