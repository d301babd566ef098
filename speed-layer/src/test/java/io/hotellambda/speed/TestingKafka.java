package io.hotellambda.speed;

import io.hotellambda.infra.LocalStack;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.PlatformEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Writes to and reads from the test stack's Kafka the way the platform's producers do. */
final class TestingKafka
        implements AutoCloseable
{
    private final LocalStack stack;
    private final KafkaProducer<byte[], byte[]> producer;
    private final EventCodec codec = new EventCodec();

    TestingKafka(LocalStack stack)
    {
        this.stack = stack;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Encodes and sends one event, keyed as booking-app keys it (by hotel; a search by city). */
    void send(String topic, PlatformEvent event)
    {
        sendRaw(topic, event.partitionKey(), codec.encode(event));
    }

    void sendRaw(String topic, long hotelId, byte[] value)
    {
        sendRaw(topic, Long.toString(hotelId), value);
    }

    void sendRaw(String topic, String key, byte[] value)
    {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }

    void flush()
    {
        producer.flush();
    }

    /** The current end of every partition of {@code topics}, as Spark's {@code startingOffsets} JSON. */
    String endOffsetsJson(List<String> topics)
    {
        return endOffsets(topics).entrySet().stream()
                .collect(Collectors.groupingBy(entry -> entry.getKey().topic(), TreeMap::new,
                        Collectors.mapping(entry -> "\"%s\":%s".formatted(entry.getKey().partition(), entry.getValue()), Collectors.joining(",", "{", "}"))))
                .entrySet().stream()
                .map(topic -> "\"%s\":%s".formatted(topic.getKey(), topic.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    Map<TopicPartition, Long> endOffsets(List<String> topics)
    {
        try (Admin admin = stack.kafka().admin()) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (String topic : topics) {
                int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size();
                IntStream.range(0, partitions).forEach(partition -> request.put(new TopicPartition(topic, partition), OffsetSpec.latest()));
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets = admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> ends = new HashMap<>();
            offsets.forEach((partition, info) -> ends.put(partition, info.offset()));
            return ends;
        }
        catch (Exception e) {
            throw new IllegalStateException("cannot read end offsets of " + topics, e);
        }
    }

    /** Reads from {@code from} until {@code count} records arrived or {@code timeout} passed. */
    List<ConsumerRecord<byte[], byte[]>> read(Map<TopicPartition, Long> from, int count, Duration timeout)
    {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    @Override
    public void close()
    {
        producer.close();
    }
}
