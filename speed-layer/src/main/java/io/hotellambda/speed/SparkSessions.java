package io.hotellambda.speed;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.Map;

/** The one way the speed layer (and its tests) build a SparkSession. */
public final class SparkSessions
{
    private SparkSessions() {}

    /**
     * Defaults that any {@code spark.*} setting given to the JVM overrides, except the UTC session
     * time zone. {@code master} {@code local[N]} keeps the driver on loopback with no UI; any other master
     * (a cluster, usually set by spark-submit) is left to the cluster's own configuration.
     */
    public static SparkSession create(String appName, String master, int shufflePartitions)
    {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions));
        if (master.startsWith("local")) {
            defaults.put("spark.driver.host", "127.0.0.1");
            defaults.put("spark.driver.bindAddress", "127.0.0.1");
            defaults.put("spark.ui.enabled", "false");
        }
        // spark-submit --conf and -Dspark.* (which SparkConf reads) override these defaults
        SparkConf configured = new SparkConf();
        SparkSession.Builder builder = SparkSession.builder()
                .appName(appName)
                .master(master)
                // buckets are UTC hours and days, on every machine: not overridable
                .config("spark.sql.session.timeZone", "UTC");
        defaults.forEach((key, value) -> {
            if (!configured.contains(key)) {
                builder.config(key, value);
            }
        });
        return builder.getOrCreate();
    }
}
