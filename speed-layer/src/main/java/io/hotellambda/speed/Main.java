package io.hotellambda.speed;

import io.hotellambda.config.Settings;
import io.hotellambda.metrics.MetricsEndpoint;
import io.hotellambda.spark.SparkSessions;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -cp ... io.hotellambda.speed.Main [settings.properties]} (with Spark's module
 * options), or spark-submit with this class on a cluster; environment overrides the file.
 */
public final class Main
{
    private static final int SHUTDOWN_PRIORITY = 100;
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args)
            throws Exception
    {
        Optional<Path> file = args.length > 0 ? Optional.of(Path.of(args[0])) : Optional.empty();
        SpeedLayerConfig config = SpeedLayerConfig.load(Settings.load(SpeedLayerConfig.ENV_PREFIX, file, System.getenv()));
        SparkSession spark = SparkSessions.builder("speed-layer", config.sparkMaster(),
                Map.of("spark.sql.shuffle.partitions", Integer.toString(config.shufflePartitions()))).getOrCreate();
        SpeedLayerMetrics metrics = new SpeedLayerMetrics();
        MetricsEndpoint endpoint = config.metricsPort() < 0 ? null : MetricsEndpoint.start(config.metricsHost(), config.metricsPort(), metrics::prometheus);
        SpeedLayer speedLayer = SpeedLayer.start(spark, config, metrics, BatchHook.NONE);
        // Spark stops its SparkContext from one hook in Hadoop's shutdown hook manager (priority 40); a plain
        // JVM hook would race it and lose the running batch. A higher priority runs first.
        ShutdownHookManager.get().addShutdownHook(() -> {
            speedLayer.stop(Duration.ofSeconds(20));
            if (endpoint != null) {
                endpoint.close();
            }
        }, SHUTDOWN_PRIORITY);
        System.out.printf("speed-layer running: kafka %s -> %s, checkpoint %s, metrics %s%n", config.kafkaBootstrapServers(), config.redis(),
                config.checkpointLocation(), endpoint == null ? "off" : "http://%s:%s/metrics".formatted(config.metricsHost(), endpoint.port()));
        try {
            speedLayer.awaitTermination();
        }
        catch (StreamingQueryException e) {
            // the query cannot go on (a dependency away longer than its tolerance, a bug): exit for the
            // supervisor to start it again from its checkpoint, instead of lingering half alive
            LOG.error("the speed-layer query failed; exiting", e);
            System.exit(1);
        }
        finally {
            // on SIGTERM the hook above stops the query and Spark's own hook the context after it: stopping
            // the context here as well, once the query had ended, raced the hook's stop (its job group's
            // cancellation then failed on a stopped context, a warning with a stack trace at every stop)
            if (!ShutdownHookManager.get().isShutdownInProgress()) {
                spark.stop();
            }
        }
    }
}
