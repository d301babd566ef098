package io.hotellambda.batch;

import io.hotellambda.batch.hive.HiveMetastore;
import io.hotellambda.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one way batch-layer JVMs build a SparkSession: Hive support on the shared metastore, UTC.
 * Any {@code spark.*} setting given to the JVM ({@code -Dspark...}, {@code spark-submit --conf})
 * overrides these defaults, which is how a cluster points at its own metastore and master.
 */
public final class BatchSpark
{
    private BatchSpark() {}

    public static SparkSession create(String appName, String master, HiveMetastore metastore)
    {
        return create(appName, master, metastore, Map.of());
    }

    public static SparkSession create(String appName, String master, HiveMetastore metastore, Map<String, String> settings)
    {
        Map<String, String> defaults = new LinkedHashMap<>(metastore.sparkSettings());
        defaults.put("spark.sql.shuffle.partitions", "8");
        defaults.put("spark.sql.sources.partitionOverwriteMode", "dynamic");
        // list a partition's files at every query: the archiver publishes new files into hours
        // already registered, and a cached listing would hide them until REFRESH TABLE
        defaults.put("spark.sql.hive.filesourcePartitionFileCacheSize", "0");
        // the jobs cache only what the next few actions of the same run read (the nightly job's
        // count, read by both tables and the publish): building it compressed was a fifth of the
        // count's profile samples
        defaults.put("spark.sql.inMemoryColumnarStorage.compressed", "false");
        // the caller's settings last: a main's BATCH_PARTITIONS, the audit's one partition
        defaults.putAll(settings);
        return SparkSessions.builder(appName, master, defaults).enableHiveSupport().getOrCreate();
    }
}
