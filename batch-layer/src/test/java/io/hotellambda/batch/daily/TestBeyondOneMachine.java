package io.hotellambda.batch.daily;

import io.hotellambda.batch.BatchConfig;
import io.hotellambda.batch.TestingBatchSpark;
import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.archive.ArchiveStore;
import io.hotellambda.batch.archive.SyntheticArchive;
import io.hotellambda.batch.archive.SyntheticBookings;
import io.hotellambda.batch.archive.VerifyMain;
import io.hotellambda.batch.hive.MetastoreDatabase;
import io.hotellambda.config.Settings;
import io.hotellambda.infra.ChildProcess;
import io.hotellambda.infra.CoreSite;
import io.hotellambda.infra.HdfsProcess;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.Ports;
import io.hotellambda.infra.PostgresServer;
import io.hotellambda.infra.S3Server;
import io.hotellambda.infra.SparkStandalone;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.Topics;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nightly job beyond one machine: {@code bin/batch daily}'s main, in its own JVM, on a real
 * Spark standalone cluster (a master and two workers, each in its own JVM, executors started by
 * the workers) over an archive on S3 (s3proxy, through {@code s3a}), told only its master and
 * application jars (as {@code spark-submit} would) and, in a {@code core-site.xml} first on its
 * classpath (HADOOP_CONF_DIR, as {@code bin/batch} puts it), where S3 is; against the same job
 * ({@link DailyMain#run}) on this JVM's {@code local[2]} session over the same archive on HDFS (a
 * NameNode and a DataNode in their own JVM). Every row each publishes to PostgreSQL is the same,
 * and {@code bin/batch verify --deep} finds both archives whole.
 */
@ExtendWith(TestingLocalStack.class)
class TestBeyondOneMachine
{
    private static final LocalDate DAY = LocalDate.parse("2026-10-14");
    private static final long VIEWS = 20_000;

    @Test
    void theNightlyJobOnASparkClusterOverS3PublishesWhatLocalOverHdfsDoesRowByRow(LocalStack stack, @TempDir Path directory)
            throws Exception
    {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        try (HdfsProcess hdfs = HdfsProcess.start(directory.resolve("hdfs"), HdfsProcess.classpathFromBuild());
                S3Server s3 = S3Server.start(directory.resolve("s3"), S3Server.classpathFromBuild())) {
            long started = System.nanoTime();
            // written once through the archiver's own publish (TestArchiver publishes on S3 and HDFS), then copied there file by file
            String localRoot = directory.resolve("raw").toUri().toString();
            assertThat(writeArchive(localRoot, new Configuration())).isPositive();
            String hdfsRoot = hdfs.uri("archive/raw");
            Configuration hdfsHadoop = new Configuration();
            hdfs.hadoopSettings().forEach(hdfsHadoop::set);
            copy(localRoot, hdfsRoot, hdfsHadoop);
            Configuration s3Hadoop = new Configuration();
            s3.hadoopSettings().forEach(s3Hadoop::set);
            String s3Root = s3.uri("archive/raw");
            copy(localRoot, s3Root, s3Hadoop);
            System.out.printf("the archive written, and copied to HDFS and to S3, in %.0f s%n", (System.nanoTime() - started) / 1e9);

            // the reference: the same run, in this JVM's local[2] session, over HDFS
            started = System.nanoTime();
            Map<String, List<String>> local = inThisJvm(stack, hdfsRoot);
            System.out.printf("the nightly job on local[2] over HDFS: %.0f s%n", (System.nanoTime() - started) / 1e9);
            verify(directory.resolve("verify-hdfs"), hdfsRoot, classpath);

            // HADOOP_CONF_DIR: a core-site.xml first on the classpath
            Path hadoopConf = CoreSite.write(directory.resolve("hadoop-conf"), s3.hadoopSettings());
            String withHadoopConf = hadoopConf + File.pathSeparator + classpath;
            Map<String, List<String>> clustered;
            started = System.nanoTime();
            try (SparkStandalone cluster = SparkStandalone.start(directory.resolve("cluster"), classpath, moduleOptions(), 2, 1, "1g")) {
                clustered = Nightly.start(stack, directory.resolve("cluster-s3"), s3Root, cluster.masterUrl(),
                        cluster.driverOptions(directory.resolve("cluster"), classpath, "768m", 2), withHadoopConf).awaitRows();
                assertThat(cluster.completedApplications()).as("the job ran as an application of the cluster").contains("daily " + DAY);
            }
            System.out.printf("the Spark cluster started and bin/batch daily on it over S3: %.0f s%n", (System.nanoTime() - started) / 1e9);
            verify(directory.resolve("verify-s3"), s3Root, withHadoopConf);

            assertThat(local.get("serving.hotel_daily_views")).as("views published").hasSizeGreaterThan(100);
            assertThat(local.get("serving.hotel_booking_hours")).as("booking numbers published").hasSizeGreaterThan(100);
            assertThat(local.get("serving.supply_demand")).as("supply and demand published").hasSizeGreaterThan(5_000);
            assertThat(clustered.keySet()).isEqualTo(local.keySet());
            local.forEach((table, rows) -> assertThat(clustered.get(table)).as(table).containsExactlyElementsOf(rows));
            local.forEach((table, rows) -> System.out.printf("%s: %,d rows, equal%n", table, rows.size()));
        }
    }

    /** {@link DailyMain#run} on this JVM's {@code local[2]} session over {@code root}, on a database of its own; every serving table's rows after it. */
    private static Map<String, List<String>> inThisJvm(LocalStack stack, String root)
            throws Exception
    {
        stack.postgres().createDatabase("nightly_in_this_jvm");
        String jdbcUrl = stack.postgres().jdbcUrl("nightly_in_this_jvm");
        BatchConfig config = BatchConfig.load(Settings.of(BatchConfig.ENV_PREFIX, Map.of("archive.root", root, "serving.jdbc.url", jdbcUrl,
                "serving.user", PostgresServer.USER)));
        assertThat(DailyMain.run(TestingBatchSpark.session(), config, DAY, false)).isZero();
        // the rows compared hold every input of supply and demand, not only the snapshot's nights
        try (Connection connection = DriverManager.getConnection(jdbcUrl, PostgresServer.USER, "");
                Statement statement = connection.createStatement();
                ResultSet counts = statement.executeQuery("""
                        SELECT count(*) FILTER (WHERE rooms_sold > 0), count(*) FILTER (WHERE searches_30d > 0),
                               count(*) FILTER (WHERE sold_out_searches_30d > 0), count(*) FILTER (WHERE views_7d > 0), count(*) FILTER (WHERE closed)
                        FROM serving.supply_demand """)) {
            assertThat(counts.next()).isTrue();
            for (int column = 1; column <= 5; column++) {
                assertThat(counts.getLong(column)).as("supply and demand rows with input %s", column).isPositive();
            }
        }
        return servingRows(jdbcUrl);
    }

    /** {@code bin/batch verify --deep root}: exits 0, the archive whole. */
    private static void verify(Path directory, String root, String classpath)
            throws Exception
    {
        Files.createDirectories(directory);
        String verify = VerifyMain.class.getName();
        try (ChildProcess verifier = ChildProcess.start("verify", verify, ChildProcess.javaCommand(List.of("-Xmx512m"), classpath, verify, List.of("--deep", root)),
                directory, Map.of(), directory.resolve("verify.log"), directory.resolve("verify.pid"), "TERM")) {
            assertThat(verifier.awaitExit(Duration.ofMinutes(3))).as("bin/batch verify --deep %s:%n%s", root, verifier.logTail()).isZero();
            assertThat(verifier.logTail()).contains(": OK");
        }
    }

    /**
     * The fixture day's views, searches and booking events, archived under {@code root} through
     * the archiver's own publish, and its inventory snapshot; how many booking events.
     */
    private static long writeArchive(String root, Configuration hadoop)
            throws InterruptedException
    {
        ArchiveStore store = new ArchiveStore(ArchiveLayout.open(root, hadoop));
        // three Kafka partitions: a task per partition on each of the cluster's two executors, and
        // half the files of six (an s3proxy request costs ~0.1 s, and each file is several)
        new SyntheticArchive(store, hadoop, Topics.HOTEL_VIEW_EVENTS, 3, 300).writeDay(DAY, VIEWS, 2);
        SyntheticBookings bookings = new SyntheticBookings(store, hadoop, 3, 40);
        // the supply and demand inputs: the day's inventory as its first nightly run stored it (the
        // day is too old for a run to take it from booking-app now) and the day's searches
        bookings.writeSnapshot(TestingBatchSpark.session(), DAY);
        bookings.writeSearches(DAY, 3_000);
        return bookings.writeDay(DAY, 600);
    }

    private static void copy(String from, String to, Configuration hadoop)
            throws IOException
    {
        org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(from);
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(to);
        FileSystem sourceFileSystem = source.getFileSystem(hadoop);
        FileSystem targetFileSystem = target.getFileSystem(hadoop);
        for (FileStatus child : sourceFileSystem.listStatus(source)) {
            assertThat(FileUtil.copy(sourceFileSystem, child.getPath(), targetFileSystem, new org.apache.hadoop.fs.Path(target, child.getPath().getName()), false, hadoop))
                    .as("copied %s", child.getPath()).isTrue();
        }
    }

    /** {@code bin/batch daily} for {@link #DAY} in its own JVM, on its own database and metastore. */
    private record Nightly(ChildProcess job, String jdbcUrl)
    {
        static Nightly start(LocalStack stack, Path directory, String root, String master, List<String> driverOptions, String classpath)
                throws IOException
        {
            String database = "nightly_" + directory.getFileName().toString().replace('-', '_');
            stack.postgres().createDatabase(database);
            String jdbcUrl = stack.postgres().jdbcUrl(database);
            Map<String, String> environment = new HashMap<>();
            environment.put("BATCH_SPARK_MASTER", master);
            environment.put("BATCH_ARCHIVE_ROOT", root);
            environment.put("BATCH_SERVING_JDBC_URL", jdbcUrl);
            environment.put("BATCH_SERVING_USER", PostgresServer.USER);
            environment.put("BATCH_METASTORE_JDBC_URL", MetastoreDatabase.jdbcUrl(Ports.freePort()));
            environment.put("BATCH_METASTORE_DIRECTORY", directory.resolve("metastore").toString());
            environment.put("BATCH_WAREHOUSE", directory.resolve("warehouse").toUri().toString());
            environment.put("BATCH_PARTITIONS", "4");
            List<String> options = new ArrayList<>(List.of("-Xmx1g"));
            options.addAll(moduleOptions());
            options.addAll(driverOptions);
            String main = DailyMain.class.getName();
            Files.createDirectories(directory);
            return new Nightly(ChildProcess.start("nightly", main, ChildProcess.javaCommand(options, classpath, main, List.of("--date", DAY.toString())),
                    directory, environment, directory.resolve("nightly.log"), directory.resolve("nightly.pid"), "TERM"), jdbcUrl);
        }

        /** Every serving table's rows once the job has exited 0. */
        Map<String, List<String>> awaitRows()
                throws SQLException
        {
            try (job) {
                assertThat(job.awaitExit(Duration.ofMinutes(8))).as("the nightly job exited; its log:%n%s", job.logTail()).isZero();
            }
            return servingRows(jdbcUrl);
        }
    }

    /** Every table of the serving schema, its rows as text in a fixed order, without the wall-clock time each was written at. */
    private static Map<String, List<String>> servingRows(String jdbcUrl)
            throws SQLException
    {
        Map<String, List<String>> tables = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, PostgresServer.USER, "");
                Statement statement = connection.createStatement()) {
            Map<String, List<String>> columns = new TreeMap<>();
            try (ResultSet result = statement.executeQuery("""
                    SELECT table_name, column_name FROM information_schema.columns
                    WHERE table_schema = 'serving' AND table_name <> 'flyway_schema_history' AND column_name NOT IN ('computed_at', 'published_at', 'updated_at') ORDER BY table_name, ordinal_position""")) {
                while (result.next()) {
                    columns.computeIfAbsent(result.getString(1), table -> new ArrayList<>()).add('"' + result.getString(2) + '"');
                }
            }
            for (Map.Entry<String, List<String>> table : columns.entrySet()) {
                String name = table.getKey();
                List<String> rows = new ArrayList<>();
                try (ResultSet result = statement.executeQuery("SELECT row(%s)::text AS r FROM serving.%s ORDER BY r".formatted(String.join(", ", table.getValue()), name))) {
                    while (result.next()) {
                        rows.add(result.getString(1));
                    }
                }
                tables.put("serving." + name, rows);
            }
        }
        return tables;
    }

    private static List<String> moduleOptions()
    {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(option -> option.startsWith("--add-opens")).toList();
    }
}
