package io.hotellambda.schemas;

import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The speed layer's heartbeat: one Redis hash ({@link #KEY}) holding the start of its newest
 * completed trigger ({@code applied_up_to}, epoch ms: every record Kafka held then has been
 * applied) and the counters' time to live ({@code counter_ttl_seconds}, what a reader may ask of
 * them). The speed layer writes it about once a second while its query runs; a reader that finds it
 * old (or missing) knows the speed view is stale: the speed layer is down, stuck, or cut off from
 * Kafka or Redis. The one owner of the key's name and format.
 */
public final class SpeedHeartbeat
{
    public static final String KEY = "speed:heartbeat";
    private static final String APPLIED_UP_TO = "applied_up_to";
    private static final String COUNTER_TTL_SECONDS = "counter_ttl_seconds";

    /** One beat: everything up to {@code appliedUpTo} is counted, and counters live {@code counterTtl}. */
    public record Beat(Instant appliedUpTo, Duration counterTtl) {}

    private SpeedHeartbeat() {}

    /** Records a beat. The key outlives a stopped writer by a day, then goes. */
    public static void write(UnifiedJedis redis, Beat beat)
    {
        redis.hset(KEY, Map.of(APPLIED_UP_TO, Long.toString(beat.appliedUpTo().toEpochMilli()), COUNTER_TTL_SECONDS, Long.toString(beat.counterTtl().toSeconds())));
        redis.expire(KEY, 86_400);
    }

    /** The newest beat, or empty when there is none (no speed layer has run for a day). */
    public static Optional<Beat> read(UnifiedJedis redis)
    {
        Map<String, String> fields = redis.hgetAll(KEY);
        if (fields.get(APPLIED_UP_TO) == null || fields.get(COUNTER_TTL_SECONDS) == null) {
            return Optional.empty();
        }
        return Optional.of(new Beat(Instant.ofEpochMilli(Long.parseLong(fields.get(APPLIED_UP_TO))), Duration.ofSeconds(Long.parseLong(fields.get(COUNTER_TTL_SECONDS)))));
    }
}
