package io.hotellambda.infra;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/tail-topic TOPIC [--from-beginning]}: prints a topic's records as
 * {@code partition/offset key value}, following new ones until Ctrl-C. No consumer group, no
 * committed offsets: watching never disturbs the platform's own consumers.
 */
public final class TopicTail
{
    private TopicTail() {}

    public static void main(String[] args)
    {
        if (args.length < 1) {
            System.err.println("usage: bin/tail-topic TOPIC [--from-beginning]   (bootstrap: HOTEL_LAMBDA_KAFKA_PORT, default 19092)");
            System.exit(2);
        }
        String bootstrap = "127.0.0.1:" + System.getenv().getOrDefault("HOTEL_LAMBDA_KAFKA_PORT", "19092");
        boolean fromBeginning = List.of(args).contains("--from-beginning");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(args[0], Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(args[0], info.partition()))
                    .toList();
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            }
            else {
                consumer.seekToEnd(partitions);
            }
            System.err.printf("following %s on %s (%s partitions); Ctrl-C to stop%n", args[0], bootstrap, partitions.size());
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    System.out.printf("%s/%s %s %s%n", record.partition(), record.offset(), record.key(), record.value());
                }
            }
        }
    }
}
