package io.hotellambda.booking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotellambda.infra.LocalStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads what was written to a topic after a mark: {@link #mark} the end offsets, act, then
 * {@link #readAtLeast} what came after. It keeps reading a little past the expected count, so a
 * test sees extra records (duplicates) too, not just the ones it expected.
 */
public final class TestingKafkaReader
        implements AutoCloseable
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;

    public TestingKafkaReader(LocalStack stack, String topic)
    {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    public Map<TopicPartition, Long> mark()
    {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        return consumer.endOffsets(partitions, Duration.ofSeconds(30));
    }

    public List<ConsumerRecord<String, byte[]>> readAtLeast(Map<TopicPartition, Long> mark, int expected, Duration timeout)
    {
        return readUntil(mark, records -> records.size() >= expected, timeout);
    }

    /** Reads until {@code done} holds for what was read (other tests' late records included), or the timeout. */
    public List<ConsumerRecord<String, byte[]>> readUntil(Map<TopicPartition, Long> mark, Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout)
    {
        consumer.assign(mark.keySet());
        mark.forEach(consumer::seek);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(records) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        // anything written beyond what was expected shows up here
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        return records;
    }

    /** The records' events about one reservation, in the order read. */
    public static List<JsonNode> eventsOf(List<ConsumerRecord<String, byte[]>> records, String reservation)
    {
        return records.stream().map(record -> parse(record.value())).filter(event -> event.path("reservation_id").asText().equals(reservation)).toList();
    }

    public static JsonNode parse(byte[] value)
    {
        try {
            return JSON.readTree(value);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close()
    {
        consumer.close();
    }
}
