package io.hotellambda.batch.bookings;

import io.hotellambda.batch.TestingBatchSpark;
import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.archive.ArchiveStore;
import io.hotellambda.batch.archive.ArchiverConfig;
import io.hotellambda.batch.archive.TestingArchive;
import io.hotellambda.batch.audit.BookingAudit;
import io.hotellambda.batch.audit.BookingAuditJob;
import io.hotellambda.batch.audit.BookingAuditRepository;
import io.hotellambda.batch.daily.BatchTables;
import io.hotellambda.batch.daily.DailyViewsJob;
import io.hotellambda.batch.daily.ServingPublisher;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.PostgresServer;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.BookingMetric;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.PaymentFailed;
import io.hotellambda.schemas.PlatformEvent;
import io.hotellambda.schemas.ReservationCancelled;
import io.hotellambda.schemas.ReservationCompleted;
import io.hotellambda.schemas.ReservationConfirmed;
import io.hotellambda.schemas.ReservationCreated;
import io.hotellambda.schemas.ReservationExpired;
import io.hotellambda.schemas.SpeedCounter;
import io.hotellambda.schemas.Topics;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisPooled;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.hotellambda.batch.daily.TestDailyViewsJob.postgresRows;
import static io.hotellambda.batch.daily.TestDailyViewsJob.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The nightly booking numbers end to end: booking events (two sent twice, as the outbox relay does
 * after a crash: once an hour later, once across midnight) through real Kafka, archived by the real archiver, summed by Spark into the
 * Hive table and published to PostgreSQL with the bookings' own watermark.
 */
@ExtendWith(TestingLocalStack.class)
public class TestDailyBookingsJob
{
    private static final LocalDate DAY = LocalDate.parse("2026-11-18");
    private static final Instant MIDNIGHT = DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final List<String> HIVE_ROWS = List.of(
            // hotel, hour, currency, holds, confirmed, cancelled, expired, payment failures, room nights, revenue, refunds, net
            "1,10,EUR,2,1,0,0,0,6,54000,0,54000",
            "1,11,EUR,0,0,0,1,1,0,0,0,0",
            "1,12,EUR,0,0,1,0,0,0,0,20000,-20000",
            "2,0,USD,1,1,0,0,0,2,30000,0,30000");
    private static Path root;
    private static List<PlatformEvent> events;

    @BeforeAll
    static void archiveTheDay(LocalStack stack)
            throws Exception
    {
        root = Files.createTempDirectory("hotel-lambda-bookings-").resolve("raw");
        UUID confirmation = UUID.randomUUID();
        ReservationCreated yesterdays = new ReservationCreated(UUID.randomUUID(), MIDNIGHT.minusSeconds(30), null, 2, UUID.randomUUID(), 7, "g", DAY, DAY.plusDays(1),
                1, 1_000, "USD", MIDNIGHT.plusSeconds(600));
        events = List.of(
                created(1, "10:01", "EUR"), created(1, "10:02", "EUR"),
                confirmed(confirmation, 1, "10:30", 54_000, "EUR", 2, 3),
                // the relay sent it again after a crash: the same event, stamped when sent again
                confirmed(confirmation, 1, "11:05", 54_000, "EUR", 2, 3),
                new PaymentFailed(UUID.randomUUID(), at("11:00"), null, 1, UUID.randomUUID(), 20_000, "EUR", "declined"),
                new ReservationExpired(UUID.randomUUID(), at("11:10"), null, 1, UUID.randomUUID(), 5, "EUR"),
                new ReservationCancelled(UUID.randomUUID(), at("12:00"), null, 1, UUID.randomUUID(), 5, 20_000, "EUR", "guest_cancelled"),
                // a payment after its hold was cancelled, sent back: no cancellation, no refund of revenue
                new ReservationCancelled(UUID.randomUUID(), at("12:30"), null, 1, UUID.randomUUID(), 5, 30_000, "EUR", "paid_after_cancellation"),
                new ReservationCompleted(UUID.randomUUID(), at("13:00"), null, 1, UUID.randomUUID(), 5, 54_000, "EUR"),
                created(2, "00:05", "USD"),
                confirmed(UUID.randomUUID(), 2, "00:20", 30_000, "USD", 1, 2),
                // the days around it: the day before's last event, also sent again just after midnight (not the day's)
                yesterdays,
                new ReservationCreated(yesterdays.eventId(), MIDNIGHT.plusSeconds(40), null, 2, yesterdays.reservationId(), 7, "g", DAY, DAY.plusDays(1), 1, 1_000,
                        "USD", MIDNIGHT.plusSeconds(600)),
                new ReservationCreated(UUID.randomUUID(), MIDNIGHT.plus(Duration.ofDays(1)), null, 2, UUID.randomUUID(), 7, "g", DAY.plusDays(3), DAY.plusDays(4), 1,
                        1_000, "USD", MIDNIGHT.plus(Duration.ofDays(1)).plusSeconds(600)));
        EventCodec codec = new EventCodec();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (PlatformEvent event : events) {
                producer.send(new ProducerRecord<>(Topics.BOOKING_EVENTS, event.partitionKey().getBytes(StandardCharsets.UTF_8), codec.encode(event)));
            }
            producer.send(new ProducerRecord<>(Topics.BOOKING_EVENTS, "1".getBytes(StandardCharsets.UTF_8), "{\"type\":\"reservation_created\"".getBytes(StandardCharsets.UTF_8)));
        }
        ArchiverConfig config = new ArchiverConfig(stack.kafka().bootstrapServers(), "archiver-bookings-test", List.of(Topics.BOOKING_EVENTS),
                root.toUri().toString(), 1_000, Duration.ofHours(1), Duration.ofMillis(300), Duration.ofMinutes(5));
        TestingArchive.archiveUntil(config, new ArchiveStore(layout()), Topics.BOOKING_EVENTS, events.size() + 1);
    }

    @Test
    void theDayIsSummedExactlyOncePerEventAndARerunReplacesIt(LocalStack stack)
            throws Exception
    {
        DailyBookingsJob.Outcome outcome = job(stack).run(DAY, false);

        assertThat(outcome.forced()).isFalse();
        assertThat(outcome.events()).isEqualTo(10);
        assertThat(outcome.hotels()).isEqualTo(2);
        assertThat(outcome.netRevenueCents()).containsExactlyInAnyOrderEntriesOf(Map.of("EUR", 34_000L, "USD", 30_000L));
        assertThat(outcome.watermark()).contains(MIDNIGHT.plus(Duration.ofDays(1)));
        assertThat(rows(stack, "SELECT * FROM daily_hotel_bookings WHERE dt = '2026-11-18' ORDER BY hotel_id, hour").stream()
                .map(row -> row.substring(0, row.lastIndexOf(','))).toList()).isEqualTo(HIVE_ROWS);
        List<String> serving = postgresRows(stack, """
                SELECT hotel_id, hour, currency, holds_created, confirmed, cancelled, expired, payment_failures, room_nights_sold, revenue_cents, refund_cents,
                       revenue_cents - refund_cents
                FROM serving.hotel_booking_hours WHERE day = '2026-11-18' ORDER BY hotel_id, hour""");
        assertThat(serving).isEqualTo(HIVE_ROWS);

        DailyBookingsJob.Outcome again = job(stack).run(DAY, false);

        assertThat(again.events()).isEqualTo(10);
        assertThat(rows(stack, "SELECT count(*) FROM daily_hotel_bookings WHERE dt = '2026-11-18'")).containsExactly("4");
        assertThat(postgresRows(stack, "SELECT count(*) FROM serving.hotel_booking_hours WHERE day = '2026-11-18'")).containsExactly("4");
        assertThat(postgresRows(stack, "SELECT complete, forced, hotels, events FROM serving.booking_batch_days WHERE day = '2026-11-18'"))
                .containsExactly("t,f,2,10");
    }

    @Test
    void theAuditPassesOnTheSpeedLayersNumbersAndNamesRevenueAlteredInRedis(LocalStack stack)
            throws Exception
    {
        job(stack).run(DAY, false);
        String url = stack.postgres().jdbcUrl(LocalStack.DATABASE);
        try (JedisPooled redis = new JedisPooled(URI.create(stack.redis().uri()))) {
            String dayKey1 = SpeedCounter.DAILY_BOOKINGS.key(1, MIDNIGHT);
            String dayKey2 = SpeedCounter.DAILY_BOOKINGS.key(2, MIDNIGHT);
            redis.del(dayKey1, dayKey2);
            // what the speed layer writes: each event once, at its first copy, its numbers added to that day's hash
            events.stream().map(PlatformEvent::eventId).distinct()
                    .map(id -> events.stream().filter(event -> event.eventId().equals(id)).min(java.util.Comparator.comparing(PlatformEvent::receivedAt)).orElseThrow())
                    .filter(event -> LocalDate.ofInstant(event.receivedAt(), ZoneOffset.UTC).equals(DAY))
                    .forEach(event -> BookingMetric.of(event).ifPresent(contribution -> contribution.values().forEach((metric, value) ->
                            redis.hincrBy(SpeedCounter.DAILY_BOOKINGS.key(contribution.hotelId(), MIDNIGHT), SpeedCounter.bookingField(metric, contribution.currency()),
                                    value))));
            BookingAuditJob audit = new BookingAuditJob(TestingBatchSpark.session(), new BatchTables(TestingBatchSpark.session(), layout()), redis,
                    new BookingAuditRepository(url, PostgresServer.USER, ""));

            BookingAudit.Result passed = audit.run(DAY).result();

            assertThat(passed.failures()).isEmpty();
            assertThat(passed.passed()).isTrue();
            assertThat(passed.hotelsCompared()).isEqualTo(2);
            assertThat(postgresRows(stack, "SELECT hotels_compared, differences, passed FROM serving.audit_booking_days WHERE day = '2026-11-18'"))
                    .containsExactly("2,0,t");

            redis.hincrBy(dayKey1, "revenue_cents:EUR", 500);
            BookingAudit.Result failed = audit.run(DAY).result();

            assertThat(failed.passed()).isFalse();
            assertThat(failed.failures()).containsExactly("hotel 1 EUR revenue_cents: batch 54000, speed 54500 (speed +500)");
            assertThat(postgresRows(stack, "SELECT hotel_id, currency, metric, batch_value, speed_value, difference FROM serving.audit_booking_differences WHERE day = '2026-11-18'"))
                    .containsExactly("1,EUR,revenue_cents,54000,54500,500");
            assertThat(rows(stack, "SELECT passed, differences FROM audit_booking_days WHERE dt = '2026-11-18'")).containsExactly("false,1");
            assertThat(rows(stack, "SELECT hotel_id, currency, metric, difference FROM audit_hotel_bookings WHERE dt = '2026-11-18' AND difference <> 0"))
                    .containsExactly("1,EUR,revenue_cents,500");
            redis.del(dayKey1, dayKey2);
        }
    }

    @Test
    void anIncompleteDayIsRefused(LocalStack stack)
    {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        assertThatThrownBy(() -> job(stack).run(today, false))
                .isInstanceOf(DailyViewsJob.IncompleteDayException.class)
                .hasMessageContaining("booking_events");
    }

    private static DailyBookingsJob job(LocalStack stack)
    {
        String url = stack.postgres().jdbcUrl(LocalStack.DATABASE);
        new ServingPublisher(url, PostgresServer.USER, "").migrate();
        return new DailyBookingsJob(TestingBatchSpark.session(), layout(), url, PostgresServer.USER, "");
    }

    private static ArchiveLayout layout()
    {
        return ArchiveLayout.open(root.toUri().toString(), new Configuration());
    }

    private static Instant at(String time)
    {
        return MIDNIGHT.plus(Duration.between(LocalTime.MIDNIGHT, LocalTime.parse(time)));
    }

    private static ReservationCreated created(long hotel, String time, String currency)
    {
        return new ReservationCreated(UUID.randomUUID(), at(time), null, hotel, UUID.randomUUID(), 5, "guest", DAY.plusDays(10), DAY.plusDays(13), 1, 54_000,
                currency, at(time).plusSeconds(900));
    }

    private static ReservationConfirmed confirmed(UUID id, long hotel, String time, long cents, String currency, int rooms, int nights)
    {
        return new ReservationConfirmed(id, at(time), null, hotel, UUID.fromString("00000000-0000-4000-8000-00000000000" + hotel), 5, cents, currency, "pi_1",
                DAY.plusDays(10), DAY.plusDays(10 + nights), rooms, null);
    }
}
