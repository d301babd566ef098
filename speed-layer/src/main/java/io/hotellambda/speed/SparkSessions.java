package io.hotellambda.speed;

import org.apache.spark.sql.SparkSession;

/** The one way the speed layer (and its tests) build a SparkSession. */
public final class SparkSessions
{
    private SparkSessions() {}

    /**
     * {@code master} {@code local[N]} keeps the driver on loopback with no UI; any other master
     * (a cluster, usually set by spark-submit) is left to the cluster's own configuration.
     */
    public static SparkSession create(String appName, String master, int shufflePartitions)
    {
        SparkSession.Builder builder = SparkSession.builder()
                .appName(appName)
                .master(master)
                // buckets are UTC hours and days, on every machine
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.shuffle.partitions", shufflePartitions)
                // deduplication state lives off-heap in RocksDB, bounded by the window, not the JVM heap;
                // the changelog makes each batch's commit small
                .config("spark.sql.streaming.stateStore.providerClass", "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider")
                .config("spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled", "true")
                .config("spark.sql.streaming.metricsEnabled", "true");
        if (master.startsWith("local")) {
            builder.config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false");
        }
        return builder.getOrCreate();
    }
}
