package io.hotellambda.batch.archive;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * The archive watermark of one Kafka partition: every record of it with {@code received_at}
 * before {@code watermark} is published. {@code partitions} is how many partitions the topic had,
 * so a reader can tell when a partition's watermark is missing.
 *
 * @param nextOffset the first offset not yet published
 */
public record ArchiveWatermark(String topic, int partition, int partitions, Instant watermark, long nextOffset, Instant updatedAt)
{
    public ArchiveWatermark
    {
        requireNonNull(topic, "topic is null");
        requireNonNull(watermark, "watermark is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
