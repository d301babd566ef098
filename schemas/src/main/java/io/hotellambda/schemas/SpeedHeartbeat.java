package io.hotellambda.schemas;

import redis.clients.jedis.UnifiedJedis;

import java.time.Instant;
import java.util.Optional;

/**
 * The speed layer's heartbeat: one Redis key ({@link #KEY}) holding the time (epoch ms) of the
 * start of its newest completed trigger, so every record Kafka held then has been applied. The
 * speed layer writes it about once a second while its query runs; a reader that finds it old (or
 * missing) knows the speed view is stale: the speed layer is down, stuck, or cut off from Kafka
 * or Redis. The one owner of the key's name and format.
 */
public final class SpeedHeartbeat
{
    public static final String KEY = "speed:heartbeat";

    private SpeedHeartbeat() {}

    /** Records that every record up to {@code appliedUpTo} has been applied. The key outlives a stopped writer by a day, then goes. */
    public static void write(UnifiedJedis redis, Instant appliedUpTo)
    {
        redis.setex(KEY, 86_400, Long.toString(appliedUpTo.toEpochMilli()));
    }

    /** The newest heartbeat, or empty when there is none (no speed layer has run for a day). */
    public static Optional<Instant> read(UnifiedJedis redis)
    {
        String value = redis.get(KEY);
        return value == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(value)));
    }
}
