package io.hotellambda.batch.archive;

import io.hotellambda.batch.hive.MetastoreDatabase;
import io.hotellambda.infra.ChildProcess;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.Ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/batch archiver} in its own JVM, for the tests that fault what it stands on. */
public final class ArchiverProcesses
{
    private ArchiverProcesses() {}

    /**
     * {@code ArchiverMain} in its own JVM on {@code classpath}, as the quickstart's {@code bin/batch
     * archiver}: {@code topic} into {@code root}, a range published every 5,000 records or second,
     * no metastore answering (registration waits), working in {@code work}.
     */
    public static ChildProcess start(LocalStack stack, Path work, String root, String topic, String classpath)
            throws IOException
    {
        Files.createDirectories(work);
        String main = ArchiverMain.class.getName();
        Map<String, String> environment = Map.of(
                "BATCH_ARCHIVE_ROOT", root,
                "BATCH_METASTORE_JDBC_URL", MetastoreDatabase.jdbcUrl(Ports.freePort()),
                "ARCHIVER_KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers(),
                "ARCHIVER_GROUP_ID", "archiver-" + topic,
                "ARCHIVER_TOPICS", topic,
                "ARCHIVER_MAX_RECORDS", "5000",
                "ARCHIVER_MAX_AGE", "1s",
                "ARCHIVER_METRICS_PORT", "-1");
        return ChildProcess.start(work.getFileName().toString(), main, ChildProcess.javaCommand(List.of("-Xmx512m"), classpath, main, List.of()),
                work, environment, work.resolve("archiver.log"), work.resolve("archiver.pid"), "TERM");
    }

    /** The test JVM's classpath, which the archiver's JVM runs on. */
    public static String testClasspath()
    {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** How many records {@code store} holds of {@code topic}, by its manifests. */
    public static LongSupplier archivedRecords(ArchiveStore store, String topic)
    {
        return () -> {
            try {
                return store.archivedRecords(topic);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Waits up to 2 minutes for {@code records} archived, {@code archiver} running all along. */
    public static void awaitAtLeast(LongSupplier archived, long records, ChildProcess archiver)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (archived.getAsLong() < records) {
            assertThat(archiver.isAlive()).as("%s is running:%n%s", archiver.name(), archiver.logTail()).isTrue();
            assertThat(System.nanoTime()).as("%,d records archived within 2 minutes:%n%s", records, archiver.logTail()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
