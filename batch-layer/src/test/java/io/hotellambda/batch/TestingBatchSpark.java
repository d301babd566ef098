package io.hotellambda.batch;

import io.hotellambda.batch.hive.HiveMetastore;
import io.hotellambda.batch.hive.MetastoreDatabase;
import io.hotellambda.infra.Ports;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one SparkSession of a test JVM, with Hive support on a metastore in a Derby network server
 * started here, so that a Thrift server started by a test sees the same tables.
 */
public final class TestingBatchSpark
{
    private static SparkSession session;
    private static HiveMetastore metastore;
    private static MetastoreDatabase database;

    private TestingBatchSpark() {}

    public static synchronized SparkSession session()
    {
        if (session == null) {
            metastore = metastore();
            session = BatchSpark.create("batch-layer-tests", "local[2]", metastore);
        }
        return session;
    }

    public static synchronized HiveMetastore metastore()
    {
        if (metastore == null) {
            try {
                Path directory = Files.createTempDirectory("hotel-lambda-metastore-");
                database = MetastoreDatabase.start(directory.resolve("derby"), Ports.freePort());
                Runtime.getRuntime().addShutdownHook(new Thread(database::close));
                metastore = new HiveMetastore(database.jdbcUrl(), "APP", "app", directory.resolve("warehouse").toUri().toString());
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return metastore;
    }
}
