package io.hotellambda.endtoend;

import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.archive.ArchiveStore;
import io.hotellambda.batch.archive.ArchiveVerifier;
import io.hotellambda.batch.archive.ArchiverProcesses;
import io.hotellambda.batch.archive.ViewTraffic;
import io.hotellambda.batch.archive.ViewTraffic.Sent;
import io.hotellambda.infra.ChildProcess;
import io.hotellambda.infra.CoreSite;
import io.hotellambda.infra.HdfsProcess;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.S3Server;
import io.hotellambda.infra.TestingLocalStack;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import static io.hotellambda.batch.archive.ArchiverProcesses.awaitAtLeast;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/batch archiver} in its own JVM, views arriving, while the store under it is frozen
 * ({@code SIGSTOP}) for a minute: S3 (s3proxy) under one archiver and HDFS (its NameNode and
 * DataNode) under another, in the same minute. Each waits the outage out, or exits non-zero for
 * its supervisor to start it again (as the quickstart's does; here once the store is back); every
 * record Kafka acknowledged is archived exactly once after, the archive verifies, and the
 * archiver stops cleanly. The store is what freezes here, not Kafka ({@code TestArchiverProcess}).
 */
@ExtendWith(TestingLocalStack.class)
class TestArchiveStoreOutages
{
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @Test
    void aMinuteOfS3OrHdfsFrozenUnderTheArchiverLosesNothingAndDuplicatesNothing(LocalStack stack, @TempDir Path directory)
            throws Exception
    {
        try (S3Server s3 = S3Server.start(directory.resolve("s3"), S3Server.classpathFromBuild());
                HdfsProcess hdfs = HdfsProcess.start(directory.resolve("hdfs"), HdfsProcess.classpathFromBuild());
                Archiving onS3 = Archiving.start(stack, directory.resolve("on-s3"), "archive_s3_outage", s3.uri("archive/raw"), s3.hadoopSettings());
                Archiving onHdfs = Archiving.start(stack, directory.resolve("on-hdfs"), "archive_hdfs_outage", hdfs.uri("archive/raw"), hdfs.hadoopSettings())) {
            onS3.awaitAtLeast(3_000);
            onHdfs.awaitAtLeast(3_000);
            s3.process().pause();
            hdfs.process().pause();
            try {
                Thread.sleep(OUTAGE.toMillis());
            }
            finally {
                s3.process().resume();
                hdfs.process().resume();
            }
            onS3.restartIfExited();
            onHdfs.restartIfExited();
            Thread.sleep(3_000);
            onS3.finish();
            onHdfs.finish();
        }
    }

    /** One archiver under traffic, into {@code root}, as its supervisor would run it. */
    private static final class Archiving
            implements AutoCloseable
    {
        private final LocalStack stack;
        private final Path directory;
        private final String topic;
        private final String root;
        private final String classpath;
        private final Configuration hadoop;
        private final ArchiveStore store;
        private final LongSupplier archived;
        private final ViewTraffic traffic;
        private ChildProcess archiver;
        private int runs;

        private Archiving(LocalStack stack, Path directory, String topic, String root, Map<String, String> settings)
                throws Exception
        {
            this.stack = stack;
            this.directory = directory;
            this.topic = topic;
            this.root = root;
            this.hadoop = new Configuration();
            settings.forEach(hadoop::set);
            // HADOOP_CONF_DIR, as bin/batch puts it first on the classpath
            this.classpath = CoreSite.write(directory.resolve("hadoop-conf"), settings) + File.pathSeparator + ArchiverProcesses.testClasspath();
            this.store = new ArchiveStore(ArchiveLayout.open(root, hadoop));
            this.archived = ArchiverProcesses.archivedRecords(store, topic);
            stack.kafka().createTopics(List.of(topic), 3);
            this.traffic = ViewTraffic.start(stack, topic);
            startArchiver();
        }

        static Archiving start(LocalStack stack, Path directory, String topic, String root, Map<String, String> settings)
                throws Exception
        {
            return new Archiving(stack, directory, topic, root, settings);
        }

        private void startArchiver()
                throws Exception
        {
            runs++;
            archiver = ArchiverProcesses.start(stack, directory.resolve("archiver-" + runs), root, topic, classpath);
        }

        void awaitAtLeast(long records)
                throws InterruptedException
        {
            ArchiverProcesses.awaitAtLeast(archived, records, archiver);
        }

        /** After the outage: the archiver still runs, or exited non-zero and is started again. */
        void restartIfExited()
                throws Exception
        {
            System.out.printf("%s: after the outage the archiver %s%n", topic, archiver.isAlive() ? "still runs" : "exited " + archiver.exitCode().orElseThrow());
            if (!archiver.isAlive()) {
                assertThat(archiver.exitCode().orElseThrow()).as("an archiver that could not go on exits non-zero:%n%s", archiver.logTail()).isNotZero();
                archiver.close();
                startArchiver();
            }
        }

        /** Stops the traffic; every acknowledged record archived once, a clean stop, the archive whole. */
        void finish()
                throws Exception
        {
            List<Sent> sent = traffic.stop();
            awaitAtLeast(sent.size());
            // a watermark after catching up, then a clean stop
            Thread.sleep(1_500);
            archiver.stop(Duration.ofSeconds(60));
            assertThat(archiver.exitCode()).as("stopped cleanly:%n%s", archiver.logTail()).hasValue(143);
            // its last publish and watermarks written, on a file system Hadoop's own shutdown hook had not closed
            assertThat(archiver.logTail()).contains("archiver: stopped after archiving");

            List<Sent> rows = ViewTraffic.archived(store, topic);
            System.out.printf("%s: %,d records sent, %,d archived%n", topic, sent.size(), rows.size());
            assertThat(rows).isEqualTo(sent);
            assertThat(new ArchiveVerifier(store, hadoop).verify(topic, true))
                    .hasSize(3)
                    .allSatisfy(report -> assertThat(report.problems()).isEmpty());
        }

        @Override
        public void close()
                throws Exception
        {
            try (traffic) {
                archiver.close();
            }
        }
    }
}
