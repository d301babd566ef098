package io.hotellambda.serving.speed;

import io.hotellambda.schemas.SpeedCounter;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the speed layer's counters ({@link SpeedCounter}'s key schema) for hour buckets, pipelined:
 * one round trip however many hotels and hours. Every call goes through the circuit breaker, so
 * with Redis away a call fails at once with {@link CircuitBreaker.OpenException}.
 */
public final class SpeedView
{
    private final UnifiedJedis redis;
    private final CircuitBreaker breaker;

    public SpeedView(UnifiedJedis redis, CircuitBreaker breaker)
    {
        this.redis = redis;
        this.breaker = breaker;
    }

    /** Views per hotel, summed over {@code hours} (bucket names, {@code yyyyMMddHH}). */
    public Map<Long, Long> views(Collection<Long> hotelIds, List<String> hours)
    {
        Map<Long, Long> views = new LinkedHashMap<>();
        if (hours.isEmpty()) {
            hotelIds.forEach(hotel -> views.put(hotel, 0L));
            return views;
        }
        Map<Long, Response<List<String>>> replies = new LinkedHashMap<>();
        breaker.call(() -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                // one MGET per hotel: its keys share a hash tag, so this also works on a cluster
                hotelIds.forEach(hotel -> replies.put(hotel, pipeline.mget(keys(SpeedCounter.VIEWS, hotel, hours))));
                pipeline.sync();
            }
            return null;
        });
        replies.forEach((hotel, reply) -> views.put(hotel, reply.get().stream().mapToLong(SpeedView::count).sum()));
        return views;
    }

    /** One hotel's views in each of {@code hours}. */
    public List<Long> hourlyViews(long hotelId, List<String> hours)
    {
        if (hours.isEmpty()) {
            return List.of();
        }
        List<String> values = breaker.call(() -> redis.mget(keys(SpeedCounter.VIEWS, hotelId, hours)));
        return values.stream().map(SpeedView::count).toList();
    }

    /** One hotel's distinct viewers (HyperLogLog estimate) over each group of hours: one group per series bucket. */
    public List<Long> uniqueViewers(long hotelId, List<List<String>> groups)
    {
        if (groups.isEmpty()) {
            return List.of();
        }
        List<Response<Long>> replies = new ArrayList<>();
        breaker.call(() -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                groups.forEach(hours -> replies.add(pipeline.pfcount(keys(SpeedCounter.VIEWERS, hotelId, hours))));
                pipeline.sync();
            }
            return null;
        });
        return replies.stream().map(Response::get).toList();
    }

    private static String[] keys(SpeedCounter counter, long hotelId, List<String> buckets)
    {
        String[] keys = new String[buckets.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = counter.key(hotelId, buckets.get(i));
        }
        return keys;
    }

    private static long count(String value)
    {
        return value == null ? 0 : Long.parseLong(value);
    }
}
