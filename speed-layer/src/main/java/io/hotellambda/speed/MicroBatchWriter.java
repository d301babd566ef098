package io.hotellambda.speed;

import io.hotellambda.schemas.Topics;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

import java.sql.Timestamp;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

/**
 * The streaming query's sink, run once per micro-batch (and again, same id and same rows, when
 * Spark replays one): rejected records to {@code dead_letter}, counter updates to Redis through
 * {@link RedisCounterApplier}, then what happened to {@link SpeedLayerMetrics}.
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
        // the batch is read three times; computing it once also runs the deduplication state once
        Dataset<Row> parsed = batch.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Row stats = parsed.agg(count(lit(1)), count(col("error")), min(col("received_at")), max(col("received_at"))).first();
            long rows = stats.getLong(0);
            long rejected = stats.getLong(1);
            if (rejected > 0) {
                SpeedLayerJob.deadLetters(parsed).write()
                        .format("kafka")
                        .option("kafka.bootstrap.servers", config.kafkaBootstrapServers())
                        .option("kafka.acks", "all")
                        .option("topic", Topics.DEAD_LETTER)
                        .save();
            }
            LongAccumulator applied = spark.sparkContext().longAccumulator("hotels applied");
            LongAccumulator skipped = spark.sparkContext().longAccumulator("hotels skipped (replayed batch)");
            if (rows > rejected) {
                SpeedLayerJob.counterUpdates(parsed.filter(col("error").isNull()))
                        .repartition(config.shufflePartitions(), col("hotel_id"))
                        .sortWithinPartitions(col("hotel_id"))
                        .foreachPartition(new RedisCounterApplier(config.redis(), queryId, batchId, config.counterTtl().toSeconds(), applied, skipped));
            }
            long now = System.currentTimeMillis();
            metrics.batchApplied(new BatchResult(batchId, rows, rejected, applied.value(), skipped.value(),
                    ageMillis(now, stats.getTimestamp(2)), ageMillis(now, stats.getTimestamp(3)), now - started));
            hook.afterApply(batchId);
        }
        finally {
            parsed.unpersist();
        }
    }

    private static long ageMillis(long now, Timestamp time)
    {
        return time == null ? 0 : now - time.getTime();
    }
}
