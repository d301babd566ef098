package io.hotellambda.serving.speed;

import io.hotellambda.schemas.SpeedCounter;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the speed layer's counters ({@link SpeedCounter}'s key schema). Views over whole days come
 * from the daily counters, held in memory by the {@link SpeedReplica} while it is current;
 * otherwise from Redis, pipelined: one round trip however many hotels. Every Redis call goes
 * through the circuit breaker, so with Redis away a call fails at once with
 * {@link CircuitBreaker.OpenException}.
 */
public final class SpeedView
        implements AutoCloseable
{
    private final UnifiedJedis redis;
    private final CircuitBreaker breaker;
    private final MgetBatcher batcher;
    private final Optional<SpeedReplica> replica;
    private final SpeedFreshness freshness;

    /** {@code maxWait}: the longest a lookup waits for Redis before it is answered without it. */
    public SpeedView(UnifiedJedis redis, CircuitBreaker breaker, Duration maxWait, Optional<SpeedReplica> replica, SpeedFreshness freshness)
    {
        this.redis = redis;
        this.breaker = breaker;
        this.batcher = new MgetBatcher(redis, breaker, maxWait, 2);
        this.replica = replica;
        this.freshness = freshness;
    }

    /** Whether the speed layer is behind (its heartbeat is old or missing): answers that use this view are then degraded. */
    public boolean isStale()
    {
        return freshness.isStale();
    }

    public SpeedFreshness freshness()
    {
        return freshness;
    }

    @Override
    public void close()
    {
        replica.ifPresent(SpeedReplica::close);
        freshness.close();
        batcher.close();
    }

    /** Views of each of {@code hotelIds} (in its order) over {@code buckets}: from the replica, else one MGET per hotel, pipelined. */
    public long[] views(long[] hotelIds, SpeedBuckets buckets)
    {
        if (buckets.size() == 0) {
            return new long[hotelIds.length];
        }
        Optional<long[]> days = replica.flatMap(copy -> copy.views(hotelIds, buckets.days()));
        if (days.isPresent() && buckets.hours().isEmpty()) {
            return days.get();
        }
        // the replica holds no hours: read those, or everything when it is not current
        SpeedBuckets read = days.isPresent() ? new SpeedBuckets(List.of(), buckets.hours()) : buckets;
        // one MGET per hotel: a hotel's keys share a hash tag, so this also works on a cluster
        List<List<String>> values = batcher.mget(Arrays.stream(hotelIds).mapToObj(hotel -> viewKeys(hotel, read)).toList());
        long[] views = days.orElseGet(() -> new long[hotelIds.length]);
        for (int i = 0; i < views.length; i++) {
            views[i] += values.get(i).stream().mapToLong(SpeedView::count).sum();
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

    /**
     * One hotel's booking numbers over each group of buckets (one group per series bucket), as
     * field ({@code <metric>:<currency>}) to sum: whole days from the daily hash, the rest from
     * hour hashes. One pipelined HGETALL per key.
     */
    public List<Map<String, Long>> bookings(long hotelId, List<SpeedBuckets> groups)
    {
        if (groups.isEmpty()) {
            return List.of();
        }
        List<List<Response<Map<String, String>>>> replies = new ArrayList<>();
        breaker.call(() -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                for (SpeedBuckets group : groups) {
                    List<Response<Map<String, String>>> keys = new ArrayList<>();
                    group.days().forEach(day -> keys.add(pipeline.hgetAll(SpeedCounter.DAILY_BOOKINGS.key(hotelId, day))));
                    group.hours().forEach(hour -> keys.add(pipeline.hgetAll(SpeedCounter.BOOKINGS.key(hotelId, hour))));
                    replies.add(keys);
                }
                pipeline.sync();
            }
            return null;
        });
        List<Map<String, Long>> sums = new ArrayList<>();
        for (List<Response<Map<String, String>>> group : replies) {
            Map<String, Long> sum = new TreeMap<>();
            group.forEach(reply -> reply.get().forEach((field, value) -> sum.merge(field, Long.parseLong(value), Long::sum)));
            sums.add(sum);
        }
        return sums;
    }

    /**
     * A city's first-page searches ({@link SpeedCounter#SEARCHES}, {@link SpeedCounter#SOLD_OUT}):
     * those received on {@code day}, then those whose stay holds each of {@code nights}, as the
     * speed layer holds them. One pipelined HGETALL per key.
     */
    public List<Map<String, Long>> searches(String city, LocalDate day, List<LocalDate> nights)
    {
        List<String> keys = new ArrayList<>();
        keys.add(SpeedCounter.searchesByDay(city, SpeedCounter.Bucket.DAY.of(day.atStartOfDay(ZoneOffset.UTC).toInstant())));
        nights.forEach(night -> keys.add(SpeedCounter.searchesByStayNight(city, SpeedCounter.Bucket.DAY.of(night.atStartOfDay(ZoneOffset.UTC).toInstant()))));
        List<Response<Map<String, String>>> replies = new ArrayList<>();
        breaker.call(() -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                keys.forEach(key -> replies.add(pipeline.hgetAll(key)));
                pipeline.sync();
            }
            return null;
        });
        List<Map<String, Long>> hashes = new ArrayList<>();
        for (Response<Map<String, String>> reply : replies) {
            Map<String, Long> hash = new TreeMap<>(Map.of(SpeedCounter.SEARCHES, 0L, SpeedCounter.SOLD_OUT, 0L));
            reply.get().forEach((field, value) -> hash.put(field, Long.parseLong(value)));
            hashes.add(hash);
        }
        return hashes;
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
