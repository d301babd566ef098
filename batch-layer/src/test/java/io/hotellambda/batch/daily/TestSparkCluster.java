package io.hotellambda.batch.daily;

import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.archive.ArchiveStore;
import io.hotellambda.batch.archive.SyntheticArchive;
import io.hotellambda.batch.archive.SyntheticBookings;
import io.hotellambda.batch.hive.MetastoreDatabase;
import io.hotellambda.infra.ChildProcess;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.Ports;
import io.hotellambda.infra.PostgresServer;
import io.hotellambda.infra.SparkStandalone;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.Topics;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
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
 * The nightly job on a real Spark standalone cluster (a master and two workers, each in its own
 * JVM, executors started by the workers) against the same job on {@code local[2]}: the same main
 * ({@code bin/batch daily}), the same archive, told only its master and its application jars, as
 * {@code spark-submit} would. Every row it publishes to PostgreSQL is the same on both.
 */
@ExtendWith(TestingLocalStack.class)
class TestSparkCluster
{
    private static final LocalDate DAY = LocalDate.parse("2026-10-14");

    @Test
    void theNightlyJobOnAStandaloneClusterPublishesWhatLocalDoesRowByRow(LocalStack stack, @TempDir Path directory)
            throws Exception
    {
        Configuration hadoop = new Configuration();
        String root = directory.resolve("raw").toUri().toString();
        ArchiveStore store = new ArchiveStore(ArchiveLayout.open(root, hadoop));
        new SyntheticArchive(store, hadoop, Topics.HOTEL_VIEW_EVENTS, 6, 400).writeDay(DAY, 120_000, 2);
        long bookingEvents = new SyntheticBookings(store, hadoop, 6, 60).writeDay(DAY, 3_000);
        assertThat(bookingEvents).isPositive();

        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Map<String, Map<String, List<String>>> published = new HashMap<>();
        long started = System.nanoTime();
        published.put("local", nightly(stack, directory.resolve("local"), root, "local[2]", Map.of(), classpath));
        System.out.printf("the nightly job on local[2]: %.0f s%n", (System.nanoTime() - started) / 1e9);
        started = System.nanoTime();
        try (SparkStandalone cluster = SparkStandalone.start(directory.resolve("cluster"), classpath, moduleOptions(), 2, 1, "1g")) {
            System.out.printf("%s started in %.0f s%n", cluster, (System.nanoTime() - started) / 1e9);
            started = System.nanoTime();
            Map<String, String> submit = cluster.applicationSettings(directory.resolve("cluster"), classpath, "768m", 2);
            published.put("cluster", nightly(stack, directory.resolve("cluster-run"), root, cluster.masterUrl(), submit, classpath));
            System.out.printf("the nightly job on the cluster: %.0f s%n", (System.nanoTime() - started) / 1e9);
            assertThat(cluster.completedApplications()).as("the job ran as an application of the cluster").contains("daily " + DAY);
        }

        Map<String, List<String>> local = published.get("local");
        assertThat(local.get("serving.hotel_daily_views")).as("views published").hasSizeGreaterThan(100);
        assertThat(local.values().stream().mapToInt(List::size).sum()).isGreaterThan(local.get("serving.hotel_daily_views").size());
        assertThat(published.get("cluster").keySet()).isEqualTo(local.keySet());
        local.forEach((table, rows) -> assertThat(published.get("cluster").get(table)).as(table).containsExactlyElementsOf(rows));
        local.forEach((table, rows) -> System.out.printf("%s: %,d rows, equal%n", table, rows.size()));
    }

    /** {@code bin/batch daily} for {@link #DAY} in its own JVM, on its own database and metastore; every serving table's rows after it. */
    private static Map<String, List<String>> nightly(LocalStack stack, Path directory, String root, String master, Map<String, String> sparkSettings,
            String classpath)
            throws Exception
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
        // what spark-submit --conf passes: SparkConf reads spark.* system properties
        sparkSettings.forEach((key, value) -> options.add("-D" + key + "=" + value));
        String main = DailyMain.class.getName();
        java.nio.file.Files.createDirectories(directory);
        try (ChildProcess job = ChildProcess.start("nightly", main, ChildProcess.javaCommand(options, classpath, main, List.of("--date", DAY.toString())),
                directory, environment, directory.resolve("nightly.log"), directory.resolve("nightly.pid"), "TERM")) {
            assertThat(job.awaitExit(Duration.ofMinutes(6))).as("%s exited; its log:%n%s", main, job.logTail()).isZero();
        }
        return servingRows(jdbcUrl);
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
