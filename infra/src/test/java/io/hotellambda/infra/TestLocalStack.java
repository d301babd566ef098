package io.hotellambda.infra;

import io.hotellambda.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(TestingLocalStack.class)
class TestLocalStack
{
    @Test
    void kafkaHasThePlatformTopicsWithSixPartitions(LocalStack stack)
            throws Exception
    {
        try (Admin admin = stack.kafka().admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.ALL).allTopicNames().get(30, TimeUnit.SECONDS);

            assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
            assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(Topics.DEFAULT_PARTITIONS));
        }
    }

    @Test
    void kafkaKeepsRecordsAcrossARestart(LocalStack stack)
            throws Exception
    {
        RecordMetadata written;
        try (KafkaProducer<String, String> producer = producer(stack)) {
            written = producer.send(new ProducerRecord<>(Topics.DEAD_LETTER, "restart-key", "before restart")).get(30, TimeUnit.SECONDS);
        }

        stack.kafka().stop();
        assertThat(Ports.isListening(stack.kafka().port())).isFalse();
        stack.kafka().restart();

        List<ConsumerRecord<String, String>> records = readFrom(stack, new TopicPartition(Topics.DEAD_LETTER, written.partition()), written.offset());
        assertThat(records).first().satisfies(record -> {
            assertThat(record.key()).isEqualTo("restart-key");
            assertThat(record.value()).isEqualTo("before restart");
        });
    }

    @Test
    void postgresServesTheDatabaseOnLoopback(LocalStack stack)
            throws Exception
    {
        try (Connection connection = stack.postgres().connect(LocalStack.DATABASE);
                ResultSet result = connection.createStatement().executeQuery("SELECT current_database(), inet_server_addr()::text, current_setting('server_version_num')::int")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo(LocalStack.DATABASE);
            assertThat(result.getString(2)).isEqualTo("127.0.0.1/32");
            assertThat(result.getInt(3)).isGreaterThanOrEqualTo(160000);
        }
    }

    @Test
    void redisAnswersPing(LocalStack stack)
    {
        assertThat(stack.redis().ping()).isTrue();
    }

    private static KafkaProducer<String, String> producer(LocalStack stack)
    {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> readFrom(LocalStack stack, TopicPartition partition, long offset)
    {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records;
        }
    }
}
