package io.hotellambda.batch.hive;

import io.hotellambda.batch.TestingBatchSpark;
import io.hotellambda.batch.archive.TestingArchive;
import io.hotellambda.batch.daily.TestDailyViewsJob;
import io.hotellambda.batch.daily.TestingDayArchive;
import io.hotellambda.batch.daily.TestingDayArchive.DayArchive;
import io.hotellambda.infra.ChildProcess;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.Ports;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An analyst's view: HiveServer2 (Spark Thrift Server) in its own JVM, queried through the
 * standalone hive-jdbc 4.0.1 driver, loaded alone in its own class loader as an analyst's tool
 * would load it, sees the daily table the nightly job wrote through the shared metastore.
 */
@ExtendWith({TestingLocalStack.class, TestingDayArchive.class})
class TestHiveServer
{
    private static final String STANDALONE_DRIVER = "hive-jdbc-4.0.1-standalone.jar";

    @TempDir
    Path directory;

    @Test
    void anAnalystReadsTheDailyTableThroughHiveJdbc(LocalStack stack, DayArchive archive)
            throws Exception
    {
        TestDailyViewsJob.job(stack, archive.layout()).run(TestingDayArchive.DAY, false);
        HiveMetastore metastore = TestingBatchSpark.metastore();
        int port = Ports.freePort();

        try (ChildProcess server = startServer(metastore, port)) {
            server.awaitReady("listen on port " + port, Duration.ofMinutes(3), () -> Ports.isListening(port));
            try (Connection connection = hiveJdbc().connect("jdbc:hive2://127.0.0.1:%s/default".formatted(port), new Properties());
                    Statement statement = connection.createStatement()) {
                assertThat(rows(statement, "SELECT hotel_id, views, unique_viewers FROM daily_hotel_views WHERE dt = '2026-11-20' ORDER BY hotel_id"))
                        .containsExactly("1,4,2", "2,2,1");
                assertThat(rows(statement, "SELECT device, sum(views) FROM daily_hotel_view_breakdown WHERE dt = '2026-11-20' GROUP BY device ORDER BY device"))
                        .containsExactly("desktop,1", "mobile,3", "tablet,2");
                // the archive holds ids as two int64 halves (schema version 2); the events view shows them as text
                List<String> archived = TestingArchive.read(archive.layout(), Topics.HOTEL_VIEW_EVENTS).stream()
                        .filter(row -> row.hourPartition().startsWith("dt=2026-11-20/") && row.eventId() != null).map(TestingArchive.Row::eventId).toList();
                assertThat(archived).isNotEmpty();
                assertThat(rows(statement, "SELECT event_id FROM hotel_view_events WHERE dt = '2026-11-20' AND event_id IS NOT NULL"))
                        .containsExactlyInAnyOrderElementsOf(archived);
            }
        }
    }

    private ChildProcess startServer(HiveMetastore metastore, int port)
    {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith(STANDALONE_DRIVER))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> jvmOptions = new ArrayList<>(List.of("-Xmx1g"));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(option -> option.startsWith("--add-opens")).forEach(jvmOptions::add);
        List<String> command = ChildProcess.javaCommand(jvmOptions, classpath, HiveServerMain.class.getName(), List.of());
        return ChildProcess.start("hive-server", HiveServerMain.class.getName(), command, directory, Map.of(
                        "BATCH_SPARK_MASTER", "local[1]",
                        "BATCH_METASTORE_JDBC_URL", metastore.jdbcUrl(),
                        "BATCH_METASTORE_USER", metastore.user(),
                        "BATCH_METASTORE_PASSWORD", metastore.password(),
                        "BATCH_WAREHOUSE", metastore.warehouse(),
                        "BATCH_HIVE_PORT", Integer.toString(port)),
                directory.resolve("hive-server.log"), directory.resolve("hive-server.pid"), "TERM");
    }

    private static Driver hiveJdbc()
            throws Exception
    {
        String jar = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(STANDALONE_DRIVER))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(STANDALONE_DRIVER + " is not on the test classpath"));
        URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        return (Driver) loader.loadClass("org.apache.hive.jdbc.HiveDriver").getDeclaredConstructor().newInstance();
    }

    private static List<String> rows(Statement statement, String sql)
            throws Exception
    {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(result.getString(i));
                }
                rows.add(String.join(",", values));
            }
        }
        return rows;
    }
}
