package io.hotellambda.batch.archive;

import io.hotellambda.infra.HdfsProcess;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.S3Server;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.HotelViewed;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@ExtendWith(TestingLocalStack.class)
class TestArchiver
{
    private static final Instant START = Instant.parse("2026-11-20T22:00:00Z");
    private static final int RECORDS = 6_000;

    @TempDir
    Path directory;

    private static S3Server s3;
    private static HdfsProcess hdfs;

    @BeforeAll
    static void startStores(@TempDir Path stores)
    {
        s3 = S3Server.start(stores.resolve("s3"), S3Server.classpathFromBuild());
        hdfs = HdfsProcess.start(stores.resolve("hdfs"), HdfsProcess.classpathFromBuild());
    }

    @AfterAll
    static void stopStores()
    {
        if (s3 != null) {
            s3.close();
        }
        if (hdfs != null) {
            hdfs.close();
        }
    }

    @ParameterizedTest
    @EnumSource(PublishStep.class)
    void aCrashAtAnyStepThenARestartArchivesEveryRecordExactlyOnce(PublishStep step, LocalStack stack)
            throws Exception
    {
        crashThenRestart(step, stack, directory.resolve("raw").toUri().toString(), new Configuration());
    }

    /**
     * The same on S3 (s3proxy, through s3a), whose rename copies then deletes: the commit is the
     * range manifest's upload, and a crash after it, before the intent is deleted, leaves both.
     */
    @ParameterizedTest
    @EnumSource(PublishStep.class)
    void aCrashAtAnyStepThenARestartArchivesEveryRecordExactlyOnceOnS3(PublishStep step, LocalStack stack)
            throws Exception
    {
        crashThenRestart(step, stack, s3.uri("crash-" + step.name().toLowerCase()), s3Configuration());
    }

    /** The same on HDFS (a NameNode and a DataNode in their own JVM), whose rename is atomic, as a local disk's. */
    @ParameterizedTest
    @EnumSource(PublishStep.class)
    void aCrashAtAnyStepThenARestartArchivesEveryRecordExactlyOnceOnHdfs(PublishStep step, LocalStack stack)
            throws Exception
    {
        Configuration hadoop = new Configuration();
        hdfs.hadoopSettings().forEach(hadoop::set);
        crashThenRestart(step, stack, hdfs.uri("crash-" + step.name().toLowerCase()), hadoop);
    }

    /**
     * A move of a data file cut between s3a's copy and its delete (both names there) when the
     * archiver stops: the restart moves it again over the copy, and commits once.
     */
    @Test
    void aMoveCutBetweenItsCopyAndItsDeleteOnS3IsFinishedOnce(LocalStack stack)
            throws Exception
    {
        String topic = "archive_cut_move";
        List<Sent> sent = produce(stack, topic);
        Configuration hadoop = s3Configuration();
        String root = s3.uri("cut-move");
        ArchiverConfig config = config(stack, topic, root);
        ArchiveStore store = new ArchiveStore(ArchiveLayout.open(root, hadoop));
        try (Archiver archiver = TestingArchive.archiver(config, store, new CrashAt(PublishStep.INTENT_WRITTEN, 3))) {
            assertThat(TestingArchive.runUntilFailure(archiver)).isInstanceOf(InjectedCrash.class);
        }
        // what a rename interrupted after its copy leaves: the first file both in tmp/ and published
        org.apache.hadoop.fs.Path intent = pendingIntent(store, topic);
        RangeManifest range = store.intent(intent);
        RangeManifest.ArchivedFile file = range.files().get(0);
        org.apache.hadoop.fs.FileSystem fileSystem = store.layout().fileSystem();
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(store.layout().topic(topic), file.path());
        fileSystem.mkdirs(target.getParent());
        org.apache.hadoop.fs.FileUtil.copy(fileSystem, new org.apache.hadoop.fs.Path(store.layout().temporary(topic, range.partition()), file.temporary()),
                fileSystem, target, false, hadoop);

        TestingArchive.archiveUntil(config, store, topic, sent.size());

        assertThat(rowsOf(store, topic)).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(new ArchiveVerifier(store, hadoop).verify(topic, true)).hasSize(3).allSatisfy(report -> assertThat(report.problems()).isEmpty());
    }

    private void crashThenRestart(PublishStep step, LocalStack stack, String root, Configuration hadoop)
            throws Exception
    {
        String topic = "archive_crash_" + step.name().toLowerCase() + (root.startsWith("s3a") ? "_s3" : root.startsWith("hdfs") ? "_hdfs" : "");
        List<Sent> sent = produce(stack, topic);
        ArchiverConfig config = config(stack, topic, root);
        ArchiveStore store = new ArchiveStore(ArchiveLayout.open(root, hadoop));

        int crashAt = switch (step) {
            case RECORD_APPENDED -> RECORDS / 2;
            case OFFSETS_COMMITTED -> 1;
            default -> 5;
        };
        try (Archiver archiver = TestingArchive.archiver(config, store, new CrashAt(step, crashAt))) {
            assertThat(TestingArchive.runUntilFailure(archiver)).isInstanceOf(InjectedCrash.class);
        }
        if (step == PublishStep.RANGE_COMMITTED && root.startsWith("s3a")) {
            // the crash came between the commit's upload and the intent's delete: both are there
            org.apache.hadoop.fs.Path intent = pendingIntent(store, topic);
            RangeManifest range = store.intent(intent);
            assertThat(store.ranges(topic, range.partition())).as("committed before the crash").contains(range);
        }
        TestingArchive.archiveUntil(config, store, topic, sent.size());

        assertThat(rowsOf(store, topic)).containsExactlyInAnyOrderElementsOf(sent);
        for (int partition = 0; partition < 3; partition++) {
            assertThat(store.pendingIntents(topic, partition)).as("intents left").isEmpty();
        }
        assertThat(new ArchiveVerifier(store, hadoop).verify(topic, true))
                .hasSize(3)
                .allSatisfy(report -> assertThat(report.problems()).isEmpty());
    }

    private static org.apache.hadoop.fs.Path pendingIntent(ArchiveStore store, String topic)
            throws IOException
    {
        for (int partition = 0; partition < 3; partition++) {
            List<org.apache.hadoop.fs.Path> intents = store.pendingIntents(topic, partition);
            if (!intents.isEmpty()) {
                return intents.get(0);
            }
        }
        throw new AssertionError("no intent was left by the crash");
    }

    private static Configuration s3Configuration()
    {
        Configuration hadoop = new Configuration();
        s3.hadoopSettings().forEach(hadoop::set);
        return hadoop;
    }

    @Test
    void filesAreByReceivedAtHourAndMalformedRecordsAreKeptWithTheirError(LocalStack stack)
            throws Exception
    {
        String topic = "archive_layout";
        List<Sent> sent = produce(stack, topic);
        ArchiveStore store = store();
        TestingArchive.archiveUntil(config(stack, topic), store, topic, sent.size());

        List<TestingArchive.Row> rows = TestingArchive.read(store.layout(), topic);
        assertThat(rows).allSatisfy(row -> assertThat(row.hourPartition()).isEqualTo(ArchiveLayout.hourPartition(row.receivedAt())));
        assertThat(rows.stream().filter(row -> row.error() == null).map(TestingArchive.Row::hourPartition).distinct().sorted())
                .containsExactly("dt=2026-11-20/hour=22", "dt=2026-11-20/hour=23", "dt=2026-11-21/hour=00");
        assertThat(rows.stream().filter(row -> row.error() != null))
                .hasSize(RECORDS / 1000)
                .allSatisfy(row -> assertThat(row.error()).startsWith("malformed JSON"))
                // with no received_at of their own, they are filed by their Kafka timestamp
                .allSatisfy(row -> assertThat(row.receivedAt()).isCloseTo(System.currentTimeMillis(), within(120_000L)));
        assertThat(store.watermarks(topic)).hasSize(3).allSatisfy(watermark -> {
            assertThat(watermark.partitions()).isEqualTo(3);
            // caught up: everything received up to a lateness before now is published
            assertThat(watermark.watermark()).isAfter(Instant.now().minus(Duration.ofMinutes(6)));
        });
    }

    @Test
    void aRestartWithNothingNewPublishesNothing(LocalStack stack)
            throws Exception
    {
        String topic = "archive_idle_restart";
        List<Sent> sent = produce(stack, topic);
        ArchiveStore store = store();
        ArchiverConfig config = config(stack, topic);
        TestingArchive.archiveUntil(config, store, topic, sent.size());
        List<RangeManifest> before = TestingArchive.ranges(store, topic);

        TestingArchive.archiveUntil(config, store, topic, sent.size());

        assertThat(TestingArchive.ranges(store, topic)).isEqualTo(before);
        assertThat(rowsOf(store, topic)).containsExactlyInAnyOrderElementsOf(sent);
    }

    /** One produced record, as the archive must hold it. */
    record Sent(int partition, long offset, String eventId) {}

    private List<Sent> produce(LocalStack stack, String topic)
            throws Exception
    {
        stack.kafka().createTopics(List.of(topic), 3);
        EventCodec codec = new EventCodec();
        Random random = new Random(42);
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        // one request in flight: a topic just created can answer the first one NOT_LEADER_OR_FOLLOWER, and the
        // idempotent producer then had later batches refused OUT_OF_ORDER_SEQUENCE_NUMBER until they expired (seen once)
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                long hotel = 1 + random.nextInt(40);
                byte[] value;
                String id = null;
                if (i % 1000 == 999) {
                    value = ("{not json " + i).getBytes(StandardCharsets.UTF_8);
                }
                else {
                    // received_at in any order over three hours that cross midnight
                    Instant receivedAt = START.plusMillis((long) (random.nextDouble() * Duration.ofHours(3).toMillis()));
                    HotelViewed view = new HotelViewed(new UUID(i, random.nextLong()), receivedAt, null, hotel, "viewer-" + random.nextInt(500), "NL", "mobile");
                    id = view.eventId().toString();
                    value = codec.encode(view);
                }
                ids.add(id);
                futures.add(producer.send(new ProducerRecord<>(topic, Long.toString(hotel).getBytes(StandardCharsets.UTF_8), value)));
            }
        }
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            RecordMetadata metadata = futures.get(i).get(30, TimeUnit.SECONDS);
            sent.add(new Sent(metadata.partition(), metadata.offset(), ids.get(i)));
        }
        return sent;
    }

    private ArchiverConfig config(LocalStack stack, String topic)
    {
        return config(stack, topic, directory.resolve("raw").toUri().toString());
    }

    private static ArchiverConfig config(LocalStack stack, String topic, String root)
    {
        return new ArchiverConfig(stack.kafka().bootstrapServers(), "archiver-" + topic, List.of(topic), root, 700, Duration.ofHours(4), Duration.ofMillis(500),
                Duration.ofMinutes(5));
    }

    private ArchiveStore store()
    {
        return new ArchiveStore(ArchiveLayout.open(directory.resolve("raw").toUri().toString(), new Configuration()));
    }

    private static List<Sent> rowsOf(ArchiveStore store, String topic)
            throws IOException
    {
        return TestingArchive.read(store.layout(), topic).stream()
                .map(row -> new Sent(row.partition(), row.offset(), row.eventId()))
                .toList();
    }

    private static final class InjectedCrash
            extends RuntimeException
    {
        private InjectedCrash(PublishStep step)
        {
            super("injected crash at " + step);
        }
    }

    /** Throws the {@code occurrence}th time the archiver reaches {@code step}. */
    private static final class CrashAt
            implements PublishHook
    {
        private final PublishStep step;
        private int remaining;

        private CrashAt(PublishStep step, int occurrence)
        {
            this.step = step;
            this.remaining = occurrence;
        }

        @Override
        public void at(PublishStep reached)
        {
            if (reached == step && --remaining == 0) {
                throw new InjectedCrash(step);
            }
        }
    }
}
