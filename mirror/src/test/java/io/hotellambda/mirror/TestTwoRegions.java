package io.hotellambda.mirror;

import io.hotellambda.infra.ChildProcess;
import io.hotellambda.infra.KafkaBroker;
import io.hotellambda.infra.Ports;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.HotelViewed;
import io.hotellambda.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.mirror.RemoteClusterUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second region: two KRaft clusters (eu and us, each in its own JVM) and MirrorMaker 2 in a
 * third, on {@code infra/mirrormaker/mm2-two-regions.properties} with only the bootstrap servers,
 * the test clusters' replication factor and the intervals changed. Views produced in eu all arrive
 * in us (by event id: none lost, none twice), the other direction works too, and a consumer
 * group's offsets in eu are translated for us, where a failed-over consumer starting from them
 * reads everything the group had not.
 */
class TestTwoRegions
{
    private static final String MIRROR_MAKER = "org.apache.kafka.connect.mirror.MirrorMaker";
    private static final int VIEWS = 1_000;

    private final EventCodec codec = new EventCodec();

    @Test
    void everyViewProducedInOneRegionArrivesInTheOtherOnceAndAGroupsOffsetsAreTranslated(@TempDir Path directory)
            throws Exception
    {
        try (KafkaBroker eu = KafkaBroker.start(directory.resolve("eu"), Ports.freePort(), Ports.freePort());
                KafkaBroker us = KafkaBroker.start(directory.resolve("us"), Ports.freePort(), Ports.freePort())) {
            Path configuration = configuration(directory, eu, us);
            ChildProcess mirrorMaker = ChildProcess.start("mirror-maker", MIRROR_MAKER,
                    ChildProcess.javaCommand(List.of("-Xmx768m"), System.getProperty("java.class.path"), MIRROR_MAKER, List.of(configuration.toString())),
                    directory, Map.of(), directory.resolve("mirror-maker.log"), directory.resolve("mirror-maker.pid"), "TERM");
            try {
                String mirrored = "eu." + Topics.HOTEL_VIEW_EVENTS;
                // MirrorMaker has created the mirror topic in us: it is replicating
                await(() -> topics(us).contains(mirrored), Duration.ofSeconds(120), "eu's views mirrored in us");

                List<HotelViewed> views = views(VIEWS);
                Instant produced = produce(eu, Topics.HOTEL_VIEW_EVENTS, views);
                Map<UUID, Integer> arrived = new HashMap<>();
                Duration lag = null;
                List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
                try (KafkaConsumer<byte[], byte[]> reader = consumer(us, null)) {
                    List<TopicPartition> partitions = partitions(reader, mirrored);
                    reader.assign(partitions);
                    reader.seekToBeginning(partitions);
                    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                    Instant complete = null;
                    // until all arrived, then 3 s more: a view mirrored twice would come in that time
                    while (System.nanoTime() < deadline && (complete == null || Duration.between(complete, Instant.now()).toSeconds() < 3)) {
                        for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                            records.add(record);
                            arrived.merge(((HotelViewed) codec.decode(record.value())).eventId(), 1, Integer::sum);
                        }
                        if (complete == null && arrived.size() == VIEWS) {
                            complete = Instant.now();
                            lag = Duration.between(produced, complete);
                        }
                    }
                }
                assertThat(lag).as("all %s views arrived in us within 120 s", VIEWS).isNotNull();
                System.out.printf("mirror lag: %,d views produced in eu were all in us %,d ms after the last was acknowledged%n", VIEWS, lag.toMillis());
                assertThat(arrived.keySet()).as("every view, by event id").isEqualTo(ids(views));
                assertThat(arrived.values()).as("each once").containsOnly(1);
                assertThat(records).hasSize(VIEWS);

                // a group in eu that has read the first half of every partition
                Map<TopicPartition, Long> ends = endOffsets(eu, Topics.HOTEL_VIEW_EVENTS);
                Map<TopicPartition, OffsetAndMetadata> half = new HashMap<>();
                ends.forEach((partition, end) -> half.put(partition, new OffsetAndMetadata(end / 2)));
                String group = "archiver-eu";
                try (KafkaConsumer<byte[], byte[]> committer = consumer(eu, group)) {
                    committer.commitSync(half);
                }
                Set<UUID> unread = new HashSet<>();
                try (KafkaConsumer<byte[], byte[]> reader = consumer(eu, null)) {
                    reader.assign(ends.keySet());
                    half.forEach((partition, offset) -> reader.seek(partition, offset.offset()));
                    readAll(reader, ends).forEach(record -> unread.add(((HotelViewed) codec.decode(record.value())).eventId()));
                }

                // translated for us: checkpointed, and written as the group's offsets there (it does not run in us)
                Map<String, Object> usClient = Map.of("bootstrap.servers", us.bootstrapServers());
                AtomicReference<Map<TopicPartition, Long>> translated = new AtomicReference<>(Map.of());
                await(() -> {
                    try {
                        translated.set(offsets(RemoteClusterUtils.translateOffsets(usClient, "eu", group, Duration.ofSeconds(10))));
                        return translated.get().size() == ends.size();
                    }
                    catch (Exception e) {
                        return false;
                    }
                }, Duration.ofSeconds(90), "the group's offsets translated for us");
                await(() -> offsets(committed(us, group)).equals(translated.get()), Duration.ofSeconds(90), "the translated offsets written in us");

                // a consumer failed over to us, starting there, reads every view the group had not read in eu
                Set<UUID> readInUs = new HashSet<>();
                Map<TopicPartition, Long> mirroredEnds = endOffsets(us, mirrored);
                try (KafkaConsumer<byte[], byte[]> failedOver = consumer(us, null)) {
                    failedOver.assign(mirroredEnds.keySet());
                    translated.get().forEach(failedOver::seek);
                    readAll(failedOver, mirroredEnds).forEach(record -> readInUs.add(((HotelViewed) codec.decode(record.value())).eventId()));
                }
                assertThat(readInUs).containsAll(unread);
                System.out.printf("failover: %,d views unread in eu; a consumer from the translated offsets in us reads %,d (%,d again)%n",
                        unread.size(), readInUs.size(), readInUs.size() - unread.size());

                // and the other way: us's own views reach eu
                String back = "us." + Topics.HOTEL_VIEW_EVENTS;
                await(() -> topics(eu).contains(back), Duration.ofSeconds(120), "us's views mirrored in eu");
                List<HotelViewed> usViews = views(20);
                produce(us, Topics.HOTEL_VIEW_EVENTS, usViews);
                Set<UUID> inEu = new HashSet<>();
                try (KafkaConsumer<byte[], byte[]> reader = consumer(eu, null)) {
                    List<TopicPartition> partitions = partitions(reader, back);
                    reader.assign(partitions);
                    reader.seekToBeginning(partitions);
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (inEu.size() < usViews.size() && System.nanoTime() < deadline) {
                        reader.poll(Duration.ofMillis(200)).forEach(record -> inEu.add(((HotelViewed) codec.decode(record.value())).eventId()));
                    }
                }
                assertThat(inEu).isEqualTo(ids(usViews));
                // a mirror of a mirror is never made: eu's views do not come back to eu
                assertThat(topics(eu)).noneMatch(topic -> topic.startsWith("us.eu."));
            }
            finally {
                mirrorMaker.stop(Duration.ofSeconds(30));
            }
        }
    }

    /** The shipped configuration with this test's clusters, one replica for their internal topics, and short intervals. */
    private static Path configuration(Path directory, KafkaBroker eu, KafkaBroker us)
            throws Exception
    {
        String shipped = Files.readString(Path.of("..", "infra", "mirrormaker", "mm2-two-regions.properties"));
        Path file = directory.resolve("mm2.properties");
        Files.writeString(file, shipped + """

                # the test's clusters and pace
                eu.bootstrap.servers = %s
                us.bootstrap.servers = %s
                replication.factor = 1
                checkpoints.topic.replication.factor = 1
                heartbeats.topic.replication.factor = 1
                offset-syncs.topic.replication.factor = 1
                offset.storage.replication.factor = 1
                status.storage.replication.factor = 1
                config.storage.replication.factor = 1
                sync.group.offsets.interval.seconds = 1
                emit.checkpoints.interval.seconds = 1
                refresh.topics.interval.seconds = 2
                refresh.groups.interval.seconds = 2
                """.formatted(eu.bootstrapServers(), us.bootstrapServers()));
        return file;
    }

    private static List<HotelViewed> views(int count)
    {
        List<HotelViewed> views = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            views.add(new HotelViewed(UUID.randomUUID(), now.plusMillis(i), null, 1 + i % 17, "viewer-" + i % 40, "NL", "mobile"));
        }
        return views;
    }

    private static Set<UUID> ids(List<HotelViewed> views)
    {
        Set<UUID> ids = new HashSet<>();
        views.forEach(view -> ids.add(view.eventId()));
        return ids;
    }

    /** Produces the views, each acknowledged by the broker; when the last was. */
    private Instant produce(KafkaBroker broker, String topic, List<HotelViewed> views)
            throws Exception
    {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (HotelViewed view : views) {
                producer.send(new ProducerRecord<>(topic, view.partitionKey().getBytes(StandardCharsets.UTF_8), codec.encode(view)));
            }
            producer.flush();
        }
        return Instant.now();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(KafkaBroker broker, String group)
    {
        Map<String, Object> properties = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        if (group != null) {
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic)
    {
        return consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private static Map<TopicPartition, Long> endOffsets(KafkaBroker broker, String topic)
    {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker, null)) {
            return consumer.endOffsets(partitions(consumer, topic));
        }
    }

    /** Every record from the consumer's positions to {@code ends}. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends)
    {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
            assertThat(System.nanoTime()).as("read to the end offsets within 60 s").isLessThan(deadline);
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    private static Set<String> topics(KafkaBroker broker)
    {
        try (Admin admin = broker.admin()) {
            return admin.listTopics().names().get();
        }
        catch (Exception e) {
            return Set.of();
        }
    }

    private static Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetAndMetadata> committed)
    {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        committed.forEach((partition, offset) -> offsets.put(partition, offset.offset()));
        return offsets;
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(KafkaBroker broker, String group)
    {
        try (Admin admin = broker.admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        }
        catch (Exception e) {
            return Map.of();
        }
    }

    private static void await(Supplier<Boolean> condition, Duration timeout, String what)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("waited %s for %s", timeout, what).isLessThan(deadline);
            Thread.sleep(250);
        }
    }
}
