package io.hotellambda.speed;

import io.hotellambda.config.RedisTarget;
import io.hotellambda.config.Settings;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Everything the speed layer reads from its environment, read once in {@link Main}. Keys are
 * listed in docs/speed-layer.md; each can be set in a properties file or as
 * {@code SPEED_LAYER_<KEY>}. Local and cluster runs differ only here.
 *
 * @param startingOffsets where a query with a new checkpoint starts: {@code earliest}, {@code latest},
 *        or offsets per partition as Spark's JSON ({@code {"hotel_view_events":{"0":42,...}}})
 * @param deduplicationWindow how long Redis remembers an {@code event_id}: a repeat within it is not counted
 * @param maxOffsetsPerTrigger the most Kafka records one micro-batch reads, so a long backlog is
 *        worked off in bounded batches
 * @param metricsPort the Prometheus endpoint's port; 0 picks a free one, -1 turns it off
 * @param redisOutageTolerance how long a micro-batch waits for Redis to answer again before the
 *        query fails (and the process exits for its supervisor to restart it)
 * @param kafkaOutageTolerance about how long the query waits for Kafka to answer again (the Kafka
 *        source's offset fetches are retried over this span) before it fails
 * @param heartbeatInterval how often the heartbeat ({@code speed:heartbeat}) is written
 */
public record SpeedLayerConfig(
        String sparkMaster,
        String kafkaBootstrapServers,
        RedisTarget redis,
        String checkpointLocation,
        Duration triggerInterval,
        Duration deduplicationWindow,
        Duration counterTtl,
        String startingOffsets,
        long maxOffsetsPerTrigger,
        int shufflePartitions,
        String metricsHost,
        int metricsPort,
        Duration redisOutageTolerance,
        Duration kafkaOutageTolerance,
        Duration heartbeatInterval)
{
    public static final String ENV_PREFIX = "SPEED_LAYER_";

    public SpeedLayerConfig
    {
        requireNonNull(sparkMaster, "sparkMaster is null");
        requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers is null");
        requireNonNull(redis, "redis is null");
        requireNonNull(checkpointLocation, "checkpointLocation is null");
        requireNonNull(metricsHost, "metricsHost is null");
        if (deduplicationWindow.toSeconds() < 1) {
            throw new IllegalArgumentException("dedup.window[%s] must be at least one second".formatted(deduplicationWindow));
        }
        if (counterTtl.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("counter.ttl[%s] must be at least a day: the audit reads a closed day's keys".formatted(counterTtl));
        }
        if (!startingOffsets.equals("earliest") && !startingOffsets.equals("latest") && !startingOffsets.startsWith("{")) {
            throw new IllegalArgumentException("kafka.starting.offsets[%s] must be earliest, latest or Spark's JSON of offsets per partition".formatted(startingOffsets));
        }
        if (maxOffsetsPerTrigger < 1) {
            throw new IllegalArgumentException("max.offsets.per.trigger[%s] must be positive".formatted(maxOffsetsPerTrigger));
        }
        if (shufflePartitions < 1) {
            throw new IllegalArgumentException("shuffle.partitions[%s] must be positive".formatted(shufflePartitions));
        }
        if (redisOutageTolerance.compareTo(Duration.ofSeconds(1)) < 0 || kafkaOutageTolerance.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("redis.outage.tolerance[%s] and kafka.outage.tolerance[%s] must be at least a second".formatted(redisOutageTolerance, kafkaOutageTolerance));
        }
        if (heartbeatInterval.toMillis() < 100) {
            throw new IllegalArgumentException("heartbeat.interval[%s] must be at least 100 ms".formatted(heartbeatInterval));
        }
        if (metricsPort < -1 || metricsPort > 65535) {
            throw new IllegalArgumentException("metrics.port[%s] must be -1 (off), 0 (any free port) or a port".formatted(metricsPort));
        }
    }

    public static SpeedLayerConfig load(Settings settings)
    {
        return new SpeedLayerConfig(
                settings.string("spark.master", "local[2]"),
                settings.string("kafka.bootstrap.servers", "127.0.0.1:19092"),
                RedisTarget.load(settings, Duration.ofSeconds(5)),
                settings.string("checkpoint.location", "var/speed-layer/checkpoint"),
                settings.duration("trigger.interval", Duration.ofSeconds(1)),
                settings.duration("dedup.window", Duration.ofMinutes(10)),
                settings.duration("counter.ttl", Duration.ofDays(7)),
                settings.string("kafka.starting.offsets", "earliest"),
                settings.integer("max.offsets.per.trigger", 500_000),
                settings.integer("shuffle.partitions", 2),
                settings.string("metrics.host", "127.0.0.1"),
                settings.integer("metrics.port", 19400),
                settings.duration("redis.outage.tolerance", Duration.ofMinutes(5)),
                settings.duration("kafka.outage.tolerance", Duration.ofMinutes(5)),
                settings.duration("heartbeat.interval", Duration.ofSeconds(1)));
    }
}
