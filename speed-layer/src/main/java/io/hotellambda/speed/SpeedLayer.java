package io.hotellambda.speed;

import io.hotellambda.schemas.Topics;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * The running speed layer: one Structured Streaming query from {@code hotel_view_events} and
 * {@code booking_events} through {@link SpeedLayerJob}'s transforms into Redis. Its progress
 * (Kafka offsets, committed batches) is in the checkpoint, so a restart with
 * the same checkpoint carries on where it stopped, replaying an uncommitted batch if there was one.
 * The query keeps no state of its own: deduplication happens in Redis, in the same atomic step as
 * the counters ({@link RedisCounterApplier}).
 */
public final class SpeedLayer
        implements AutoCloseable
{
    private static final String CHECKPOINT_FILE_MANAGER = "spark.sql.streaming.checkpointFileManagerClass";

    private final SparkSession spark;
    private final StreamingQuery query;
    private final SpeedLayerMetrics metrics;
    private final HeartbeatWriter heartbeat;
    private final boolean choseCheckpointFileManager;

    private SpeedLayer(SparkSession spark, StreamingQuery query, SpeedLayerMetrics metrics, HeartbeatWriter heartbeat, boolean choseCheckpointFileManager)
    {
        this.spark = spark;
        this.query = query;
        this.metrics = metrics;
        this.heartbeat = heartbeat;
        this.choseCheckpointFileManager = choseCheckpointFileManager;
    }

    public static SpeedLayer start(SparkSession spark, SpeedLayerConfig config, SpeedLayerMetrics metrics, BatchHook hook)
    {
        requireNonNull(hook, "hook is null");
        Dataset<Row> records = spark.readStream()
                .format("kafka")
                .option("kafka.bootstrap.servers", config.kafkaBootstrapServers())
                .option("subscribe", String.join(",", Topics.HOTEL_VIEW_EVENTS, Topics.BOOKING_EVENTS, Topics.SEARCH_EVENTS))
                .option("startingOffsets", config.startingOffsets())
                .option("maxOffsetsPerTrigger", config.maxOffsetsPerTrigger())
                // a deleted or compacted-away offset is an error to see, not data to skip
                .option("failOnDataLoss", "true")
                // a Kafka that does not answer (restarting, paused) is waited out, not a failed query:
                // the driver's offset fetches are retried every 5 s over the outage tolerance, and an
                // executor's consumer waits as long for a position or a fetch before its task fails
                // (its default.api.timeout.ms is 60 s: a pause of a minute lost that race, seen on a fresh clone)
                .option("fetchOffset.numRetries", Long.toString(Math.max(1, config.kafkaOutageTolerance().toSeconds() / 5)))
                .option("fetchOffset.retryIntervalMs", "5000")
                .option("kafkaConsumer.pollTimeoutMs", Long.toString(config.kafkaOutageTolerance().toMillis()))
                .option("kafka.default.api.timeout.ms", Long.toString(config.kafkaOutageTolerance().toMillis()))
                .load();
        Dataset<Row> events = SpeedLayerJob.parse(records);
        boolean chose = checkpointFileManager(spark, config.checkpointLocation());
        spark.streams().addListener(metrics);
        try {
            StreamingQuery query = events.writeStream()
                    .queryName("speed-layer")
                    .option("checkpointLocation", config.checkpointLocation())
                    .trigger(Trigger.ProcessingTime(config.triggerInterval().toMillis()))
                    .foreachBatch(new MicroBatchWriter(config, metrics, hook))
                    .start();
            return new SpeedLayer(spark, query, metrics, HeartbeatWriter.start(query, config.redis(), config.heartbeatInterval(), config.counterTtl()), chose);
        }
        catch (TimeoutException e) {
            release(spark, metrics, chose);
            throw new IllegalStateException("the speed-layer query did not start", e);
        }
    }

    /**
     * A checkpoint on S3 ({@code s3a}) written through Hadoop's FileSystem API, unless the
     * deployment chose a checkpoint file manager itself ({@code spark-submit --conf}). Spark's
     * default (and {@code spark-hadoop-cloud}'s one-PUT manager) write through FileContext, whose
     * create first asks whether the parent is a directory; against s3proxy, the tests' S3, the
     * answer was no and the first start failed on its first file ("parent is not a dir"): s3proxy
     * answers a HEAD of the directory's name with its marker object, which {@code s3a} reads as an
     * empty file, where S3 answers 404 and {@code s3a} finds the directory by listing. The
     * FileSystem API's create asks nothing of the parent, so it works on either. It writes a
     * temporary file and renames it, which {@code s3a} does as a copy and a delete: one writer
     * (the query) per checkpoint, as here. The choice is on the session while the query runs
     * (Spark reads it as the query and its sources open their logs) and taken off when it stops,
     * as the metrics listener is. Whether this chose one.
     */
    private static boolean checkpointFileManager(SparkSession spark, String location)
    {
        String scheme = new Path(location).toUri().getScheme();
        if ("s3a".equals(scheme) && !spark.conf().contains(CHECKPOINT_FILE_MANAGER)) {
            spark.conf().set(CHECKPOINT_FILE_MANAGER, "org.apache.spark.sql.execution.streaming.FileSystemBasedCheckpointFileManager");
            return true;
        }
        return false;
    }

    /** Takes off the session what {@link #start} put on it. */
    private static void release(SparkSession spark, SpeedLayerMetrics metrics, boolean choseCheckpointFileManager)
    {
        spark.streams().removeListener(metrics);
        if (choseCheckpointFileManager) {
            spark.conf().unset(CHECKPOINT_FILE_MANAGER);
        }
    }

    public StreamingQuery query()
    {
        return query;
    }

    /** Blocks until the query stops; rethrows what stopped it, if it failed. */
    public void awaitTermination()
            throws StreamingQueryException
    {
        query.awaitTermination();
    }

    /**
     * Stops between micro-batches: waits up to {@code timeout} for the running batch to finish,
     * then stops the query. A batch cut short anyway is replayed at the next start, and the
     * per-hotel applied-batch marker keeps that replay from counting anything twice.
     */
    public void stop(Duration timeout)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (query.isActive() && query.status().isTriggerActive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            query.stop();
        }
        catch (TimeoutException e) {
            throw new IllegalStateException("the speed-layer query did not stop", e);
        }
        finally {
            heartbeat.close();
            release(spark, metrics, choseCheckpointFileManager);
        }
    }

    @Override
    public void close()
    {
        stop(Duration.ofSeconds(30));
    }
}
