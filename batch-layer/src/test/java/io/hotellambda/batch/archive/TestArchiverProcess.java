package io.hotellambda.batch.archive;

import io.hotellambda.batch.hive.MetastoreDatabase;
import io.hotellambda.infra.ChildProcess;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.Ports;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.HotelViewed;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

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
        LongSupplier archived = () -> {
            try {
                return store.archivedRecords(TOPIC);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        try (Traffic traffic = Traffic.start(stack)) {
            ChildProcess first = archiver(stack, directory, root, 1);
            try {
                awaitAtLeast(archived, 5_000, first);
            }
            finally {
                first.kill();
            }
            long beforeRestart = archived.getAsLong();
            System.out.printf("killed with %,d records archived, %,d sent%n", beforeRestart, traffic.sent());

            try (ChildProcess second = archiver(stack, directory, root, 2)) {
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

                List<Sent> rows = TestingArchive.read(store.layout(), TOPIC).stream().map(row -> new Sent(row.partition(), row.offset(), row.eventId()))
                        .sorted(Sent.ORDER).toList();
                System.out.printf("%,d records sent, %,d archived%n", sent.size(), rows.size());
                // sorted, not containsExactlyInAnyOrder: that compares every pair of 100,000s of rows
                assertThat(rows).isEqualTo(sent.stream().sorted(Sent.ORDER).toList());
                assertThat(new ArchiveVerifier(store, new Configuration()).verify(TOPIC, true))
                        .hasSize(3)
                        .allSatisfy(report -> assertThat(report.problems()).isEmpty());
            }
        }
    }

    /** {@code ArchiverMain} in its own JVM, as the quickstart's {@code bin/batch archiver} (no metastore answers; registration waits). */
    private static ChildProcess archiver(LocalStack stack, Path directory, String root, int run)
            throws Exception
    {
        Path work = Files.createDirectories(directory.resolve("archiver-" + run));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String main = ArchiverMain.class.getName();
        Map<String, String> environment = Map.of(
                "BATCH_ARCHIVE_ROOT", root,
                "BATCH_METASTORE_JDBC_URL", MetastoreDatabase.jdbcUrl(Ports.freePort()),
                "ARCHIVER_KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers(),
                "ARCHIVER_GROUP_ID", "archiver-process-faults",
                "ARCHIVER_TOPICS", TOPIC,
                "ARCHIVER_MAX_RECORDS", "5000",
                "ARCHIVER_MAX_AGE", "1s",
                "ARCHIVER_METRICS_PORT", "-1");
        return ChildProcess.start("archiver-" + run, main, ChildProcess.javaCommand(List.of("-Xmx512m"), classpath, main, List.of()),
                work, environment, work.resolve("archiver.log"), work.resolve("archiver.pid"), "TERM");
    }

    private static void awaitAtLeast(LongSupplier archived, long records, ChildProcess archiver)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (archived.getAsLong() < records) {
            assertThat(archiver.isAlive()).as("%s is running:%n%s", archiver.name(), archiver.logTail()).isTrue();
            assertThat(System.nanoTime()).as("%,d records archived within 2 minutes:%n%s", records, archiver.logTail()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    record Sent(int partition, long offset, String eventId)
    {
        static final Comparator<Sent> ORDER = Comparator.comparingInt(Sent::partition).thenComparingLong(Sent::offset);
    }

    /** Views keyed by hotel at about 500 a second on a thread of its own, each acknowledged by Kafka recorded. */
    private static final class Traffic
            implements AutoCloseable
    {
        private final KafkaProducer<byte[], byte[]> producer;
        private final Thread thread;
        private final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private volatile boolean running = true;

        private Traffic(KafkaProducer<byte[], byte[]> producer)
        {
            this.producer = producer;
            this.thread = new Thread(this::send, "traffic");
        }

        static Traffic start(LocalStack stack)
        {
            Traffic traffic = new Traffic(new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                    // a minute of Kafka frozen: what was sent meanwhile is delivered after it, not expired
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000), new ByteArraySerializer(), new ByteArraySerializer()));
            traffic.thread.start();
            return traffic;
        }

        private void send()
        {
            EventCodec codec = new EventCodec();
            Random random = new Random(7);
            long i = 0;
            while (running) {
                for (int n = 0; n < 50; n++, i++) {
                    long hotel = 1 + random.nextInt(60);
                    HotelViewed view = new HotelViewed(new UUID(i, random.nextLong()), Instant.now(), null, hotel, "viewer-" + random.nextInt(900), "NL", "desktop");
                    String id = view.eventId().toString();
                    producer.send(new ProducerRecord<>(TOPIC, Long.toString(hotel).getBytes(StandardCharsets.UTF_8), codec.encode(view)), (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                        else {
                            sent.add(new Sent(metadata.partition(), metadata.offset(), id));
                        }
                    });
                }
                try {
                    Thread.sleep(100);
                }
                catch (InterruptedException e) {
                    return;
                }
            }
        }

        long sent()
        {
            return sent.size();
        }

        /** Stops sending; every record sent, once Kafka acknowledged all of them. */
        List<Sent> stop()
                throws InterruptedException
        {
            halt();
            producer.flush();
            assertThat(failure.get()).as("every record was acknowledged").isNull();
            return new ArrayList<>(sent);
        }

        @Override
        public void close()
                throws InterruptedException
        {
            halt();
            producer.close(Duration.ofSeconds(30));
        }

        private void halt()
                throws InterruptedException
        {
            running = false;
            thread.join(30_000);
        }
    }
}
