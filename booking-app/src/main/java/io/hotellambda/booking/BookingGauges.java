package io.hotellambda.booking;

import io.hotellambda.booking.idempotency.IdempotencyKeys;
import io.hotellambda.booking.outbox.Outbox;
import io.hotellambda.booking.reservations.ReservationRepository;
import io.hotellambda.booking.reservations.ReservationStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * booking-app's gauges read at each scrape (Micrometer): reservations by state, how far the hold
 * sweeper is behind (the oldest hold still held past its expiry), the idempotency keys kept, the
 * outbox's backlog and every Kafka consumer group's lag. Each scrape reads them afresh on a thread
 * of their own and waits at most {@code deadline}: a source that does not answer in time (a
 * database frozen or away) reports NaN (or, for the lag, no series) rather than an old value an
 * alert would act on, and the scrape itself still answers. A read still hanging from an earlier
 * scrape is waited on again, not started twice.
 */
final class BookingGauges
        implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(BookingGauges.class);

    /** What the database said at one scrape; {@link #UNKNOWN} when it did not answer. */
    record DatabaseReading(Map<ReservationStatus, Long> byStatus, double sweeperLagSeconds, double idempotencyKeys, Outbox.Backlog backlog)
    {
        static final DatabaseReading UNKNOWN = new DatabaseReading(Map.of(), Double.NaN, Double.NaN, null);
    }

    private final Transactions transactions;
    private final ReservationRepository reservations;
    private final IdempotencyKeys keys;
    private final Outbox outbox;
    private final KafkaConsumerLag consumerLag;
    private final Clock clock;
    private final Duration deadline;
    private final ExecutorService readers;
    private final MultiGauge lag;
    private CompletableFuture<DatabaseReading> databaseRead = CompletableFuture.completedFuture(DatabaseReading.UNKNOWN);
    private CompletableFuture<List<KafkaConsumerLag.Lag>> lagRead = CompletableFuture.completedFuture(List.of());
    private volatile DatabaseReading shown = DatabaseReading.UNKNOWN;

    BookingGauges(MeterRegistry registry, Transactions transactions, ReservationRepository reservations, IdempotencyKeys keys, Outbox outbox,
            KafkaConsumerLag consumerLag, Clock clock, Duration deadline)
    {
        this.transactions = transactions;
        this.reservations = reservations;
        this.keys = keys;
        this.outbox = outbox;
        this.consumerLag = consumerLag;
        this.clock = clock;
        this.deadline = deadline;
        AtomicInteger count = new AtomicInteger();
        this.readers = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "booking-metrics-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        for (ReservationStatus status : ReservationStatus.values()) {
            Gauge.builder("booking.reservations", this, gauges -> gauges.shown.byStatus().containsKey(status) ? gauges.shown.byStatus().get(status) : Double.NaN).description("Live reservations (not archived) by state")
                    .tag("status", status.databaseName()).register(registry);
        }
        Gauge.builder("booking.hold.sweeper.lag", this, gauges -> gauges.shown.sweeperLagSeconds()).baseUnit("seconds")
                .description("How long the oldest hold still held has been past its expiry; 0 when none").register(registry);
        Gauge.builder("booking.idempotency.keys", this, gauges -> gauges.shown.idempotencyKeys()).description("Idempotency keys kept").register(registry);
        this.lag = MultiGauge.builder("kafka.consumer.group.lag").description("Records a consumer group has not consumed, per topic and partition")
                .register(registry);
    }

    /**
     * Reads every gauge's source, waiting at most the deadline; called before each scrape.
     * Returns the outbox's backlog, or null when the database did not answer in time.
     */
    synchronized Outbox.Backlog refresh()
    {
        if (databaseRead.isDone()) {
            databaseRead = CompletableFuture.supplyAsync(this::readDatabase, readers);
        }
        if (lagRead.isDone()) {
            lagRead = CompletableFuture.supplyAsync(this::readLag, readers);
        }
        long until = System.nanoTime() + deadline.toNanos();
        shown = await(databaseRead, until, DatabaseReading.UNKNOWN, "the database");
        List<KafkaConsumerLag.Lag> lags = await(lagRead, until, List.of(), "Kafka's consumer groups");
        lag.register(lags.stream().map(one -> MultiGauge.Row.of(Tags.of("group", one.group(), "topic", one.topic(), "partition", Integer.toString(one.partition())),
                one.lag())).toList(), true);
        return shown.backlog();
    }

    private DatabaseReading readDatabase()
    {
        try {
            return transactions.run("read the metrics", connection -> {
                Instant now = clock.instant();
                double sweeperLag = reservations.oldestExpiredHold(connection, now).map(expired -> Duration.between(expired, now).toMillis() / 1000.0).orElse(0.0);
                return new DatabaseReading(reservations.countByStatus(connection), sweeperLag, keys.count(connection), outbox.backlog(connection, now));
            });
        }
        catch (RuntimeException e) {
            LOG.warn("booking metrics: the database cannot be read now: {}", e.getMessage());
            return DatabaseReading.UNKNOWN;
        }
    }

    private List<KafkaConsumerLag.Lag> readLag()
    {
        try {
            return consumerLag.read();
        }
        catch (ExecutionException | TimeoutException e) {
            LOG.warn("booking metrics: Kafka's consumer groups cannot be read now: {}", e.getMessage());
            return List.of();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static <T> T await(CompletableFuture<T> read, long untilNanos, T unknown, String source)
    {
        try {
            return read.get(Math.max(0, untilNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException e) {
            LOG.warn("booking metrics: {} did not answer in time; reporting it unknown", source);
            return unknown;
        }
        catch (ExecutionException e) {
            return unknown;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unknown;
        }
    }

    @Override
    public void close()
    {
        readers.shutdownNow();
    }
}
