package io.hotellambda.batch.archive;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What one publish wrote for one Kafka partition: every offset from {@code firstOffset} to
 * {@code lastOffset} (offsets Kafka skips, such as transaction markers, included), spread over one
 * file per {@code received_at} hour. Stored as JSON beside the data; it is the archive's commit record.
 */
public record RangeManifest(String topic, int partition, long firstOffset, long lastOffset, List<ArchivedFile> files)
{
    public RangeManifest
    {
        requireNonNull(topic, "topic is null");
        files = List.copyOf(files);
        if (lastOffset < firstOffset) {
            throw new IllegalArgumentException("range[%s-%s] of %s/%s is empty".formatted(firstOffset, lastOffset, topic, partition));
        }
    }

    public long records()
    {
        return files.stream().mapToLong(ArchivedFile::records).sum();
    }

    /**
     * @param path the published file, relative to the topic directory
     * @param temporary the name it is written under in the partition's {@code tmp/} directory
     */
    public record ArchivedFile(String path, String temporary, long records, long minReceivedAt, long maxReceivedAt) {}
}
