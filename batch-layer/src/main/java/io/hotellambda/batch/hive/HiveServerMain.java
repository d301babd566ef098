package io.hotellambda.batch.hive;

import io.hotellambda.batch.BatchConfig;
import io.hotellambda.batch.BatchSession;
import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.daily.BatchTables;
import io.hotellambda.config.Settings;
import io.hotellambda.schemas.Topics;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.hive.thriftserver.HiveThriftServer2;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * HiveServer2 for analysts (the quickstart starts it; {@code java ... io.hotellambda.batch.hive.HiveServerMain} on its own) (Spark Thrift Server) on 127.0.0.1, over the
 * shared metastore, which it also hosts when the metastore is the local Derby one and nothing
 * serves it yet. Analysts connect with beeline or hive-jdbc: {@code jdbc:hive2://127.0.0.1:10000/default}.
 */
public final class HiveServerMain
{
    private HiveServerMain() {}

    public static void main(String[] args)
            throws InterruptedException
    {
        Settings settings = Settings.load(BatchConfig.ENV_PREFIX, args.length > 0 ? Optional.of(Path.of(args[0])) : Optional.empty(), System.getenv());
        BatchConfig config = BatchConfig.load(settings);
        String host = settings.string("hive.host", "127.0.0.1");
        int port = settings.integer("hive.port", 10000);

        BatchSession session = BatchSession.open(config, "hive-server", Map.of(
                "spark.hadoop.hive.server2.thrift.bind.host", host,
                "spark.hadoop.hive.server2.thrift.port", Integer.toString(port),
                "spark.hadoop.hive.server2.transport.mode", "binary",
                "spark.sql.hive.thriftServer.singleSession", "false"));
        SparkSession spark = session.spark();
        // the tables exist from the start (empty until the archiver and the nightly job fill them),
        // and the metastore is warm before the first analyst query
        new BatchTables(spark, ArchiveLayout.open(config.archiveRoot(), spark.sparkContext().hadoopConfiguration())).create(Topics.ALL);
        HiveThriftServer2.startWithContext(spark.sqlContext());
        System.out.printf("HiveServer2 listening on jdbc:hive2://%s:%s/default (metastore %s)%n", host, port, config.metastore().jdbcUrl());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            session.close();
            stopped.countDown();
        }, "hive-server-stop"));
        stopped.await();
    }
}
