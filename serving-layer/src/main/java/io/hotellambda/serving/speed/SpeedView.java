package io.hotellambda.serving.speed;

import io.hotellambda.schemas.SpeedCounter;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the speed layer's counters ({@link SpeedCounter}'s key schema), pipelined: one round trip
 * however many hotels. Views over whole days come from the daily counter, one key a day. Every call goes through the circuit breaker, so
 * with Redis away a call fails at once with {@link CircuitBreaker.OpenException}.
 */
public final class SpeedView
        implements AutoCloseable
{
    private final UnifiedJedis redis;
    private final CircuitBreaker breaker;
    private final MgetBatcher batcher;

    /** {@code maxWait}: the longest a lookup waits for Redis before it is answered without it. */
    public SpeedView(UnifiedJedis redis, CircuitBreaker breaker, Duration maxWait)
    {
        this.redis = redis;
        this.breaker = breaker;
        this.batcher = new MgetBatcher(redis, breaker, maxWait, 2);
    }

    @Override
    public void close()
    {
        batcher.close();
    }

    /** Views per hotel over {@code buckets}: one MGET per hotel, pipelined. */
    public Map<Long, Long> views(Collection<Long> hotelIds, SpeedBuckets buckets)
    {
        Map<Long, Long> views = new LinkedHashMap<>();
        if (buckets.size() == 0) {
            hotelIds.forEach(hotel -> views.put(hotel, 0L));
            return views;
        }
        // one MGET per hotel: a hotel's keys share a hash tag, so this also works on a cluster
        List<Long> hotels = List.copyOf(hotelIds);
        List<List<String>> values = batcher.mget(hotels.stream().map(hotel -> viewKeys(hotel, buckets)).toList());
        for (int i = 0; i < hotels.size(); i++) {
            views.put(hotels.get(i), values.get(i).stream().mapToLong(SpeedView::count).sum());
        }
        return views;
    }

    /** One hotel's views over each of {@code groups} (one per series bucket), in one MGET. */
    public List<Long> views(long hotelId, List<SpeedBuckets> groups)
    {
        List<String> keys = new ArrayList<>();
        groups.forEach(group -> keys.addAll(List.of(viewKeys(hotelId, group))));
        if (keys.isEmpty()) {
            return groups.stream().map(group -> 0L).toList();
        }
        List<String> values = breaker.call(() -> redis.mget(keys.toArray(String[]::new)));
        List<Long> sums = new ArrayList<>();
        int next = 0;
        for (SpeedBuckets group : groups) {
            sums.add(values.subList(next, next + group.size()).stream().mapToLong(SpeedView::count).sum());
            next += group.size();
        }
        return sums;
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

    private static String[] viewKeys(long hotelId, SpeedBuckets buckets)
    {
        String[] keys = new String[buckets.size()];
        int i = 0;
        for (String day : buckets.days()) {
            keys[i++] = SpeedCounter.DAILY_VIEWS.key(hotelId, day);
        }
        for (String hour : buckets.hours()) {
            keys[i++] = SpeedCounter.VIEWS.key(hotelId, hour);
        }
        return keys;
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
