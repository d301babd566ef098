package io.hotellambda.booking;

import io.hotellambda.booking.idempotency.IdempotencyKeys;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * booking-app's gauges read at each scrape (Micrometer): reservations by state, how far the hold
 * sweeper is behind (the oldest hold still held past its expiry), the idempotency keys kept, and
 * every Kafka consumer group's lag. A source that cannot be read now reports NaN (or, for the lag,
 * no series) rather than an old value an alert would act on.
 */
final class BookingGauges
{
    private static final Logger LOG = LoggerFactory.getLogger(BookingGauges.class);

    private final Transactions transactions;
    private final ReservationRepository reservations;
    private final IdempotencyKeys keys;
    private final KafkaConsumerLag consumerLag;
    private final Clock clock;
    private final Map<ReservationStatus, Double> byStatus = new EnumMap<>(ReservationStatus.class);
    private final MultiGauge lag;
    private volatile double sweeperLagSeconds = Double.NaN;
    private volatile double idempotencyKeys = Double.NaN;

    BookingGauges(MeterRegistry registry, Transactions transactions, ReservationRepository reservations, IdempotencyKeys keys, KafkaConsumerLag consumerLag,
            Clock clock)
    {
        this.transactions = transactions;
        this.reservations = reservations;
        this.keys = keys;
        this.consumerLag = consumerLag;
        this.clock = clock;
        for (ReservationStatus status : ReservationStatus.values()) {
            byStatus.put(status, Double.NaN);
            Gauge.builder("booking.reservations", byStatus, counts -> counts.get(status)).description("Live reservations (not archived) by state")
                    .tag("status", status.databaseName()).register(registry);
        }
        Gauge.builder("booking.hold.sweeper.lag", this, gauges -> gauges.sweeperLagSeconds).baseUnit("seconds")
                .description("How long the oldest hold still held has been past its expiry; 0 when none").register(registry);
        Gauge.builder("booking.idempotency.keys", this, gauges -> gauges.idempotencyKeys).description("Idempotency keys kept").register(registry);
        this.lag = MultiGauge.builder("kafka.consumer.group.lag").description("Records a consumer group has not consumed, per topic and partition")
                .register(registry);
    }

    /** Reads every gauge's source once; called before each scrape. */
    synchronized void refresh()
    {
        try {
            transactions.run("read the metrics", connection -> {
                Map<ReservationStatus, Long> counts = reservations.countByStatus(connection);
                counts.forEach((status, count) -> byStatus.put(status, (double) count));
                sweeperLagSeconds = reservations.oldestExpiredHold(connection, clock.instant())
                        .map(expired -> Duration.between(expired, clock.instant()).toMillis() / 1000.0).orElse(0.0);
                idempotencyKeys = keys.count(connection);
                return null;
            });
        }
        catch (RuntimeException e) {
            LOG.warn("booking metrics: the database cannot be read now: {}", e.getMessage());
            byStatus.replaceAll((status, count) -> Double.NaN);
            sweeperLagSeconds = Double.NaN;
            idempotencyKeys = Double.NaN;
        }
        try {
            List<KafkaConsumerLag.Lag> lags = consumerLag.read();
            lag.register(lags.stream().map(one -> MultiGauge.Row.of(Tags.of("group", one.group(), "topic", one.topic(), "partition", Integer.toString(one.partition())),
                    one.lag())).toList(), true);
        }
        catch (ExecutionException | TimeoutException e) {
            LOG.warn("booking metrics: Kafka's consumer groups cannot be read now: {}", e.getMessage());
            lag.register(List.of(), true);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
