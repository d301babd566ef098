package io.hotellambda.speed;

import io.hotellambda.schemas.Topics;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The streaming query's sink, run once per micro-batch (and again, same id and same rows, when
 * Spark replays one): counter updates to Redis through {@link RedisCounterApplier}, rejected
 * records to {@code dead_letter}, then what happened to {@link SpeedLayerMetrics}.
 * <p>
 * Dead letters are written at least once: a replayed batch sends its rejects again, with the same
 * {@code source_topic/partition/offset} headers, so a reader can tell.
 */
final class MicroBatchWriter
        implements VoidFunction2<Dataset<Row>, Long>
{
    // set by Spark's stream execution thread, which runs this function
    private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

    private final SpeedLayerConfig config;
    private final SpeedLayerMetrics metrics;
    private final BatchHook hook;

    MicroBatchWriter(SpeedLayerConfig config, SpeedLayerMetrics metrics, BatchHook hook)
    {
        this.config = requireNonNull(config, "config is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.hook = requireNonNull(hook, "hook is null");
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId)
    {
        SparkSession spark = batch.sparkSession();
        String queryId = requireNonNull(spark.sparkContext().getLocalProperty(QUERY_ID_PROPERTY), "not running in a streaming query");
        long started = System.currentTimeMillis();
        LongAccumulator rows = spark.sparkContext().longAccumulator("records");
        LongAccumulator rejected = spark.sparkContext().longAccumulator("records rejected");
        LongAccumulator applied = spark.sparkContext().longAccumulator("hotels applied");
        LongAccumulator skipped = spark.sparkContext().longAccumulator("hotels skipped (replayed batch)");
        LongAccumulator duplicates = spark.sparkContext().longAccumulator("repeated event ids dropped");
        TimeRangeAccumulator receivedAt = new TimeRangeAccumulator();
        spark.sparkContext().register(receivedAt, "received_at range");
        // one pass over Kafka: parse, count, apply; a second only when there are rejects
        SpeedLayerJob.countable(batch)
                .foreachPartition(new RedisCounterApplier(config.redis(), queryId, batchId, config.counterTtl().toSeconds(),
                        config.deduplicationWindow().toSeconds(),
                        new RedisCounterApplier.Retry(config.redisOutageTolerance(), Duration.ofMillis(500), Duration.ofSeconds(5)),
                        new RedisCounterApplier.Tally(rows, rejected, applied, skipped, duplicates, receivedAt)));
        long appliedAt = System.currentTimeMillis();
        if (rejected.value() > 0) {
            SpeedLayerJob.deadLetters(batch).write()
                    .format("kafka")
                    .option("kafka.bootstrap.servers", config.kafkaBootstrapServers())
                    .option("kafka.acks", "all")
                    .option("topic", Topics.DEAD_LETTER)
                    .save();
        }
        long[] range = receivedAt.value();
        metrics.batchApplied(new BatchResult(batchId, rows.value(), rejected.value(), duplicates.value(), applied.value(), skipped.value(),
                receivedAt.isZero() ? 0 : appliedAt - range[0], receivedAt.isZero() ? 0 : appliedAt - range[1],
                appliedAt - started, System.currentTimeMillis() - started));
        hook.afterApply(batchId);
    }
}
