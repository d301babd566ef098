package io.hotellambda.speed;

import io.hotellambda.metrics.PrometheusText;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per micro-batch numbers: Spark's progress (input rows, rows/s, batch duration) joined with what {@link MicroBatchWriter} measured at apply time (dead
 * letters, duplicates, hotels applied or skipped, event age). Each batch is logged as one JSON line on the
 * {@code io.hotellambda.speed.metrics} logger and kept for the Prometheus endpoint.
 */
public final class SpeedLayerMetrics
        extends StreamingQueryListener
{
    private static final Logger LOG = LoggerFactory.getLogger("io.hotellambda.speed.metrics");

    /** One finished batch, as logged. */
    public record BatchLine(
            long batchId,
            long inputRows,
            double inputRowsPerSecond,
            double processedRowsPerSecond,
            long batchDurationMillis,
            BatchResult applied)
    {
        String json()
        {
            return ("{\"batch_id\":%d,\"input_rows\":%d,\"input_rows_per_second\":%.1f,\"processed_rows_per_second\":%.1f,"
                    + "\"batch_duration_ms\":%d,\"apply_ms\":%d,\"sink_ms\":%d,\"rows\":%d,\"dead_letters\":%d,\"duplicates_dropped\":%d,"
                    + "\"hotels_applied\":%d,\"hotels_skipped\":%d,\"oldest_event_age_ms\":%d,\"newest_event_age_ms\":%d}")
                    .formatted(batchId, inputRows, inputRowsPerSecond, processedRowsPerSecond, batchDurationMillis, applied.applyMillis(), applied.sinkMillis(),
                            applied.rows(), applied.deadLetters(), applied.duplicates(), applied.hotelsApplied(),
                            applied.hotelsSkipped(), applied.oldestEventAgeMillis(), applied.newestEventAgeMillis());
        }
    }

    private final Map<Long, BatchResult> applied = new ConcurrentHashMap<>();
    private final AtomicReference<BatchLine> last = new AtomicReference<>();
    private final LongAdder batches = new LongAdder();
    private final LongAdder inputRows = new LongAdder();
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder duplicatesDropped = new LongAdder();
    private final LongAdder hotelsApplied = new LongAdder();
    private final LongAdder hotelsSkipped = new LongAdder();

    void batchApplied(BatchResult result)
    {
        applied.put(result.batchId(), result);
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event)
    {
        StreamingQueryProgress progress = event.progress();
        BatchResult result = applied.remove(progress.batchId());
        if (result == null) {
            // a progress report without a batch (Spark reports idle queries every 10 s)
            return;
        }
        BatchLine line = new BatchLine(progress.batchId(), progress.numInputRows(), progress.inputRowsPerSecond(), progress.processedRowsPerSecond(),
                progress.batchDuration(), result);
        batches.increment();
        inputRows.add(line.inputRows());
        deadLetters.add(result.deadLetters());
        duplicatesDropped.add(result.duplicates());
        hotelsApplied.add(result.hotelsApplied());
        hotelsSkipped.add(result.hotelsSkipped());
        last.set(line);
        LOG.info(line.json());
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event)
    {
        LOG.info("{\"event\":\"started\",\"query_id\":\"%s\",\"run_id\":\"%s\"}".formatted(event.id(), event.runId()));
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event)
    {
        String error = event.exception().isDefined() ? event.exception().get().lines().findFirst().orElse("") : "";
        LOG.info("{\"event\":\"terminated\",\"query_id\":\"%s\",\"error\":\"%s\"}".formatted(event.id(), error.replace("\\", "\\\\").replace("\"", "\\\"")));
    }

    /** The Prometheus text exposition format, version 0.0.4. */
    public String prometheus()
    {
        PrometheusText text = new PrometheusText()
                .counter("speed_layer_batches_total", "micro-batches applied", batches.sum())
                .counter("speed_layer_input_rows_total", "Kafka records read", inputRows.sum())
                .counter("speed_layer_dead_letters_total", "records sent to dead_letter", deadLetters.sum())
                .counter("speed_layer_duplicates_dropped_total", "records dropped as repeated event ids", duplicatesDropped.sum())
                .counter("speed_layer_hotels_applied_total", "per-hotel atomic updates applied to Redis", hotelsApplied.sum())
                .counter("speed_layer_hotels_skipped_total", "per-hotel updates skipped because a replayed batch had applied them", hotelsSkipped.sum());
        BatchLine line = last.get();
        if (line != null) {
            text.gauge("speed_layer_last_batch_id", "id of the last applied micro-batch", line.batchId())
                    .gauge("speed_layer_last_batch_duration_seconds", "duration of the last micro-batch", line.batchDurationMillis() / 1000.0)
                    .gauge("speed_layer_last_batch_input_rows_per_second", "arrival rate in the last micro-batch", line.inputRowsPerSecond())
                    .gauge("speed_layer_last_batch_processed_rows_per_second", "processing rate in the last micro-batch", line.processedRowsPerSecond())
                    .gauge("speed_layer_oldest_event_age_seconds", "apply time minus the oldest received_at in the last batch", line.applied().oldestEventAgeMillis() / 1000.0)
                    .gauge("speed_layer_newest_event_age_seconds", "apply time minus the newest received_at in the last batch", line.applied().newestEventAgeMillis() / 1000.0);
        }
        return text.toString();
    }
}
