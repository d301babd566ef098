package io.hotellambda.serving;

import io.hotellambda.config.RedisTarget;
import io.hotellambda.config.Settings;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Everything the serving layer reads from its environment, read once in {@link Main}. Each key
 * can be set in a properties file or as {@code SERVING_LAYER_<KEY>} (docs/serving-layer.md).
 */
public record ServingConfig(
        String httpHost,
        int httpPort,
        int httpThreads,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        RedisTarget redis,
        int redisPoolSize,
        Duration redisBreakerOpen,
        Duration speedRetention,
        Duration speedReplicaPoll,
        Duration speedStaleAfter,
        Duration batchRefresh,
        int batchDays,
        int batchHourlyDays,
        int maxQueryHotels,
        long maxRequestBytes)
{
    public static final String ENV_PREFIX = "SERVING_LAYER_";

    public ServingConfig
    {
        requireNonNull(httpHost, "httpHost is null");
        requireNonNull(databaseUrl, "databaseUrl is null");
        requireNonNull(redis, "redis is null");
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("http.port[%s] must be 0 to 65535".formatted(httpPort));
        }
        if (httpThreads < 8 || httpThreads > 1000) {
            throw new IllegalArgumentException("http.threads[%s] must be 8 to 1000 (Jetty keeps some for accepting and selecting)".formatted(httpThreads));
        }
        if (redisPoolSize < 1) {
            throw new IllegalArgumentException("redis.pool.size[%s] must be positive".formatted(redisPoolSize));
        }
        if (speedRetention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("speed.retention[%s] must be at least a day (the speed layer's counter.ttl)".formatted(speedRetention));
        }
        if (speedReplicaPoll.isNegative() || speedReplicaPoll.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("speed.replica.poll[%s] must be 0 (no replica) to 1s".formatted(speedReplicaPoll));
        }
        if (speedStaleAfter.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException("speed.stale.after[%s] must be at least 2s (the heartbeat is read once a second)".formatted(speedStaleAfter));
        }
        if (batchRefresh.toMillis() < 100) {
            throw new IllegalArgumentException("batch.refresh[%s] must be at least 100ms".formatted(batchRefresh));
        }
        if (batchDays < 1 || batchDays > 366) {
            throw new IllegalArgumentException("batch.days[%s] must be 1 to 366".formatted(batchDays));
        }
        if (batchHourlyDays < 0 || batchHourlyDays > batchDays) {
            throw new IllegalArgumentException("batch.hourly.days[%s] must be 0 to batch.days (%s)".formatted(batchHourlyDays, batchDays));
        }
        if (maxQueryHotels < 1) {
            throw new IllegalArgumentException("query.max.hotels[%s] must be positive".formatted(maxQueryHotels));
        }
    }

    /** Whether the speed layer's day counters are held in memory ({@code speed.replica.poll} above 0). */
    public boolean speedReplica()
    {
        return !speedReplicaPoll.isZero();
    }

    public static ServingConfig load(Settings settings)
    {
        return new ServingConfig(
                settings.string("http.host", "127.0.0.1"),
                settings.integer("http.port", 8090),
                settings.integer("http.threads", 8),
                settings.string("db.url", "jdbc:postgresql://127.0.0.1:15432/hotel_lambda"),
                settings.string("db.user", "postgres"),
                settings.string("db.password", ""),
                RedisTarget.load(settings, Duration.ofMillis(100)),
                settings.integer("redis.pool.size", 64),
                settings.duration("redis.breaker.open", Duration.ofSeconds(1)),
                settings.duration("speed.retention", Duration.ofDays(7)),
                settings.duration("speed.replica.poll", Duration.ofMillis(20)),
                settings.duration("speed.stale.after", Duration.ofSeconds(30)),
                settings.duration("batch.refresh", Duration.ofSeconds(10)),
                settings.integer("batch.days", 35),
                settings.integer("batch.hourly.days", 2),
                settings.integer("query.max.hotels", 1000),
                settings.bytes("request.max.bytes", 64 * 1024));
    }

    @Override
    public String toString()
    {
        // never print credentials
        return "ServingConfig[http=%s:%s, db=%s, redis=%s, redisTimeout=%s, batchRefresh=%s]"
                .formatted(httpHost, httpPort, databaseUrl, redis, redis.timeout(), batchRefresh);
    }
}
