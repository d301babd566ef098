package io.hotellambda.batch;

import io.hotellambda.batch.hive.MetastoreDatabase;
import org.apache.spark.sql.SparkSession;

import java.util.Map;
import java.util.Optional;

/**
 * What every batch main starts and stops together: the local metastore database when this JVM is
 * the first to need it, and a SparkSession on the shared metastore.
 */
public record BatchSession(SparkSession spark, Optional<MetastoreDatabase> database)
        implements AutoCloseable
{
    public static BatchSession open(BatchConfig config, String appName, Map<String, String> sparkConf)
    {
        Optional<MetastoreDatabase> database = MetastoreDatabase.ensureLocal(config);
        return new BatchSession(BatchSpark.create(appName, config.sparkMaster(), config.metastore(), sparkConf), database);
    }

    @Override
    public void close()
    {
        spark.stop();
        database.ifPresent(MetastoreDatabase::close);
    }
}
