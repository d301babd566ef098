package io.hotellambda.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.Map;

/** The one way hotel-lambda's Spark JVMs (the speed layer, the batch jobs, HiveServer2) build a SparkSession. */
public final class SparkSessions
{
    private SparkSessions() {}

    /**
     * A builder with {@code defaults} that any {@code spark.*} setting given to the JVM
     * ({@code -Dspark…}, {@code spark-submit --conf}, which SparkConf reads) overrides, and a UTC
     * session time zone that nothing overrides: days and hours are UTC on every machine. A
     * {@code local[N]} master keeps the driver on loopback with no UI; any other master (a cluster)
     * is left to the cluster's own configuration.
     */
    public static SparkSession.Builder builder(String appName, String master, Map<String, String> defaults)
    {
        Map<String, String> settings = new LinkedHashMap<>(defaults);
        if (master.startsWith("local")) {
            settings.put("spark.driver.host", "127.0.0.1");
            settings.put("spark.driver.bindAddress", "127.0.0.1");
            settings.put("spark.ui.enabled", "false");
        }
        SparkConf configured = new SparkConf();
        SparkSession.Builder builder = SparkSession.builder()
                .appName(appName)
                .master(master)
                .config("spark.sql.session.timeZone", "UTC");
        settings.forEach((key, value) -> {
            if (!configured.contains(key)) {
                builder.config(key, value);
            }
        });
        return builder;
    }
}
