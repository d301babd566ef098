package io.hotellambda.batch.archive;

import io.hotellambda.config.Settings;
import io.hotellambda.schemas.Topics;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Everything the archiver reads from its environment, read once in {@link ArchiverMain}; keys are
 * listed in docs/batch-layer.md, each settable as {@code ARCHIVER_<KEY>}.
 *
 * @param archiveRoot where {@code raw/} lives, as a Hadoop path: {@code var/archive/raw},
 *        {@code hdfs://namenode/lake/raw}, {@code s3a://bucket/raw}
 * @param maxRecords a range is published once it holds this many records
 * @param maxSpan ... or once its {@code received_at} values span this long
 * @param maxAge ... or once it has been open this long (wall clock), so quiet partitions publish too
 * @param lateness how long after {@code received_at} a record may still reach Kafka (producer
 *        retries, the outbox relay); the watermark stays this far behind what was read
 */
public record ArchiverConfig(
        String kafkaBootstrapServers,
        String groupId,
        List<String> topics,
        String archiveRoot,
        long maxRecords,
        Duration maxSpan,
        Duration maxAge,
        Duration lateness)
{
    public static final String ENV_PREFIX = "ARCHIVER_";

    public ArchiverConfig
    {
        requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers is null");
        requireNonNull(groupId, "groupId is null");
        topics = List.copyOf(topics);
        requireNonNull(archiveRoot, "archiveRoot is null");
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("topics must name at least one topic");
        }
        if (maxRecords < 1) {
            throw new IllegalArgumentException("max.records[%s] must be positive".formatted(maxRecords));
        }
        if (maxSpan.isNegative() || maxSpan.isZero() || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("max.span[%s] and max.age[%s] must be positive".formatted(maxSpan, maxAge));
        }
        if (lateness.isNegative()) {
            throw new IllegalArgumentException("lateness[%s] must not be negative".formatted(lateness));
        }
    }

    /**
     * The {@code ARCHIVER_*} settings; the archive's root is the batch layer's one
     * {@code archive.root} ({@code BATCH_ARCHIVE_ROOT}), which the nightly job reads too, so the
     * two cannot point at different places.
     */
    public static ArchiverConfig load(Settings settings, String archiveRoot)
    {
        return new ArchiverConfig(
                settings.string("kafka.bootstrap.servers", "127.0.0.1:19092"),
                settings.string("group.id", "batch-archiver"),
                Arrays.stream(settings.string("topics", String.join(",", Topics.ALL)).split(",")).map(String::strip).toList(),
                archiveRoot,
                settings.integer("max.records", 1_000_000),
                settings.duration("max.span", Duration.ofMinutes(15)),
                settings.duration("max.age", Duration.ofMinutes(1)),
                settings.duration("lateness", Duration.ofMinutes(5)));
    }
}
