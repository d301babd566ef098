package io.hotellambda.serving;

import io.hotellambda.metrics.PrometheusText;
import io.hotellambda.serving.batch.BatchView;
import io.hotellambda.serving.batch.BatchViewHolder;
import io.hotellambda.serving.batch.LatestAudit;
import io.hotellambda.serving.speed.CircuitBreaker;
import io.hotellambda.serving.speed.SpeedFreshness;
import io.hotellambda.serving.speed.SpeedReplica;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * {@code GET /metrics}: the serving layer's state (the batch view and its W, the Redis circuit,
 * the speed replica) and the newest audit of stream against batch, in Prometheus text. The audit
 * runs as a batch job and exits; its numbers are stored in PostgreSQL, and exported here, by the
 * process that is always up and already reads the batch layer's tables.
 */
final class ServingMetrics
{
    private final BatchViewHolder batch;
    private final CircuitBreaker breaker;
    private final Optional<SpeedReplica> replica;
    private final SpeedFreshness freshness;
    private final LongSupplier unexpectedErrors;
    private final Clock clock;

    ServingMetrics(BatchViewHolder batch, CircuitBreaker breaker, Optional<SpeedReplica> replica, SpeedFreshness freshness, LongSupplier unexpectedErrors, Clock clock)
    {
        this.unexpectedErrors = unexpectedErrors;
        this.batch = batch;
        this.breaker = breaker;
        this.replica = replica;
        this.freshness = freshness;
        this.clock = clock;
    }

    String prometheus()
    {
        PrometheusText text = new PrometheusText();
        Optional<BatchView> view = batch.current();
        BatchViewHolder.Status status = batch.status();
        text.gauge("serving_layer_batch_view_loaded", "1 once a batch view is held: answers need one", view.isPresent());
        view.flatMap(BatchView::watermark).ifPresent(watermark ->
                text.gauge("serving_layer_batch_watermark_seconds", "the batch watermark W the answers are stitched at, as epoch seconds", watermark.getEpochSecond()));
        status.confirmedAt().ifPresent(confirmed -> text.gauge("serving_layer_batch_view_confirmed_age_seconds",
                "time since PostgreSQL last confirmed the held batch view current", Duration.between(confirmed, clock.instant()).toMillis() / 1000.0));
        text.gauge("serving_layer_batch_view_refresh_failing", "1 while refreshes of the batch view fail (PostgreSQL away): answers come from the view held", status.error().isPresent());
        text.gauge("serving_layer_redis_circuit_open", "1 while the Redis circuit is open: answers are the batch part, degraded", breaker.isOpen());
        text.counter("serving_layer_redis_circuit_opened_total", "times the Redis circuit opened", breaker.openedCount());
        replica.map(SpeedReplica::status).ifPresent(copy -> text
                .gauge("serving_layer_speed_replica_current", "1 while the speed layer's day counters are answered from memory", copy.current())
                .gauge("serving_layer_speed_replica_hotels", "hotels whose day counters are held in memory", copy.hotels())
                .counter("serving_layer_speed_replica_loads_total", "times every day counter was loaded from Redis", copy.loads()));
        text.gauge("serving_layer_speed_stale", "1 while the speed layer's heartbeat is old or missing: answers are degraded (the reason is on /health)", freshness.isStale());
        freshness.heartbeatAge().ifPresent(age -> text.gauge("serving_layer_speed_heartbeat_age_seconds",
                "time since the speed layer's newest completed trigger began", age.toMillis() / 1000.0));
        text.counter("serving_layer_unexpected_errors_total", "failures that were bugs, not outages (requests answered 500, background loops): each logged with its stack trace",
                unexpectedErrors.getAsLong());
        batch.latestAudit().ifPresent(audit -> audit(text, audit));
        return text.toString();
    }

    private static void audit(PrometheusText text, LatestAudit audit)
    {
        text.gauge("audit_last_day_seconds", "the newest day the audit compared, its UTC midnight as epoch seconds", audit.day().atStartOfDay(ZoneOffset.UTC).toEpochSecond())
                .gauge("audit_last_day_passed", "1 when the newest audited day passed", audit.passed())
                .gauge("audit_last_day_hotels_compared", "hotels compared on the newest audited day", audit.hotelsCompared())
                .gauge("audit_last_day_total_absolute_difference", "views the speed layer counted differently from the batch, summed over hotels, on the newest audited day", audit.totalAbsoluteDifference())
                .gauge("audit_last_day_drift", "that total over the batch's views", audit.drift())
                .gauge("audit_last_day_largest_relative_difference", "the largest hotel's |speed - batch| / batch views", audit.largestRelativeDifference())
                .gauge("audit_last_day_uniques_outside_bound", "hotels whose unique viewers differ by more than the HyperLogLog bound", audit.uniquesOutsideBound())
                .gauge("audit_last_day_batch_forced", "1 when the audited day's batch was forced over an incomplete archive", audit.batchForced())
                .gauge("audit_recent_failed_days", "audited days of the last %s that failed".formatted(LatestAudit.RECENT_DAYS), audit.recentFailedDays());
    }
}
