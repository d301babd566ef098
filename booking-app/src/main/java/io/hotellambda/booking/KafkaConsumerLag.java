package io.hotellambda.booking;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every consumer group's lag on the cluster, per topic and partition: the partition's end offset
 * less the group's committed one. Read on demand (each scrape), each call bounded by
 * {@code timeout}. The speed layer keeps its offsets in its checkpoint, not in a group: its delay
 * is its own {@code speed_layer_newest_event_age_seconds}.
 */
public final class KafkaConsumerLag
        implements AutoCloseable
{
    public record Lag(String group, String topic, int partition, long lag) {}

    private final Admin admin;
    private final Duration timeout;

    public KafkaConsumerLag(String bootstrapServers, Duration timeout)
    {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "booking-app-consumer-lag");
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.admin = Admin.create(properties);
        this.timeout = timeout;
    }

    public List<Lag> read()
            throws InterruptedException, ExecutionException, TimeoutException
    {
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            committed.put(group.groupId(), admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        }
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        committed.values().forEach(offsets -> offsets.keySet().forEach(partition -> partitions.put(partition, OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = partitions.isEmpty() ? Map.of()
                : admin.listOffsets(partitions).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<Lag> lags = new ArrayList<>();
        committed.forEach((group, offsets) -> offsets.forEach((partition, offset) -> {
            if (offset != null && ends.containsKey(partition)) {
                lags.add(new Lag(group, partition.topic(), partition.partition(), Math.max(0, ends.get(partition).offset() - offset.offset())));
            }
        }));
        return lags;
    }

    @Override
    public void close()
    {
        admin.close(Duration.ofSeconds(2));
    }
}
