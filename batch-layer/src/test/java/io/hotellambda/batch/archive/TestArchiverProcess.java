package io.hotellambda.batch.archive;

import io.hotellambda.batch.archive.ViewTraffic.Sent;
import io.hotellambda.infra.ChildProcess;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.TestingLocalStack;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import static io.hotellambda.batch.archive.ArchiverProcesses.awaitAtLeast;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/batch archiver} as the quickstart runs it, in its own JVM, while views keep arriving:
 * killed with SIGKILL mid-stream (no shutdown hook, a Parquet file half written) and started
 * again, then Kafka frozen for a minute under it. The archive ends with every record the producer
 * had acknowledged exactly once, and the archiver still runs and stops cleanly.
 */
@ExtendWith(TestingLocalStack.class)
class TestArchiverProcess
{
    private static final String TOPIC = "archive_process_faults";
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @Test
    void aKilledArchiverRestartedAndAMinuteOfKafkaFrozenLoseNothingAndDuplicateNothing(LocalStack stack, @TempDir Path directory)
            throws Exception
    {
        stack.kafka().createTopics(List.of(TOPIC), 3);
        String root = directory.resolve("raw").toUri().toString();
        ArchiveStore store = new ArchiveStore(ArchiveLayout.open(root, new Configuration()));
        LongSupplier archived = ArchiverProcesses.archivedRecords(store, TOPIC);
        try (ViewTraffic traffic = ViewTraffic.start(stack, TOPIC)) {
            ChildProcess first = ArchiverProcesses.start(stack, directory.resolve("archiver-1"), root, TOPIC, ArchiverProcesses.testClasspath());
            try {
                awaitAtLeast(archived, 5_000, first);
            }
            finally {
                first.kill();
            }
            long beforeRestart = archived.getAsLong();
            System.out.printf("killed with %,d records archived, %,d sent%n", beforeRestart, traffic.sent());

            try (ChildProcess second = ArchiverProcesses.start(stack, directory.resolve("archiver-2"), root, TOPIC, ArchiverProcesses.testClasspath())) {
                awaitAtLeast(archived, beforeRestart + 3_000, second);
                stack.kafka().pause();
                try {
                    Thread.sleep(OUTAGE.toMillis());
                }
                finally {
                    stack.kafka().resume();
                }
                assertThat(second.isAlive()).as("the archiver waited Kafka's outage out:%n%s", second.logTail()).isTrue();
                Thread.sleep(3_000);
                List<Sent> sent = traffic.stop();
                awaitAtLeast(archived, sent.size(), second);
                // a watermark after catching up, then a clean stop
                Thread.sleep(1_500);
                second.stop(Duration.ofSeconds(60));
                // 143: the JVM's status after a TERM whose shutdown hook (the archiver's stop) ran to its end
                assertThat(second.exitCode()).as("stopped cleanly:%n%s", second.logTail()).hasValue(143);
                assertThat(second.logTail()).contains("archiver: stopped after archiving");

                List<Sent> rows = ViewTraffic.archived(store, TOPIC);
                System.out.printf("%,d records sent, %,d archived%n", sent.size(), rows.size());
                // sorted, not containsExactlyInAnyOrder: that compares every pair of 100,000s of rows
                assertThat(rows).isEqualTo(sent);
                assertThat(new ArchiveVerifier(store, new Configuration()).verify(TOPIC, true))
                        .hasSize(3)
                        .allSatisfy(report -> assertThat(report.problems()).isEmpty());
            }
        }
    }
}
