package io.hotellambda.batch.audit;

import io.hotellambda.config.RedisScan;
import io.hotellambda.schemas.SpeedCounter;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One UTC day of the speed layer's counters in Redis ({@link SpeedCounter}'s keys): which hotels
 * it counted, their views and unique viewers, and dropping them once the day is audited.
 */
public final class SpeedDay
{
    private final UnifiedJedis redis;
    private final LocalDate day;
    private final List<String> hours;

    public SpeedDay(UnifiedJedis redis, LocalDate day)
    {
        this.redis = redis;
        this.day = day;
        Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        List<String> hours = new ArrayList<>();
        for (int hour = 0; hour < 24; hour++) {
            hours.add(SpeedCounter.Bucket.HOUR.of(midnight.plusSeconds(hour * 3600L)));
        }
        this.hours = List.copyOf(hours);
    }

    /** Every hotel with a view or a viewer counted on the day, found by scanning the hour keys. */
    public TreeSet<Long> hotels()
    {
        TreeSet<Long> hotels = new TreeSet<>();
        String dayBucket = SpeedCounter.Bucket.DAY.of(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        for (SpeedCounter counter : List.of(SpeedCounter.VIEWS, SpeedCounter.VIEWERS)) {
            // e.g. v:{*}:20261120??: the hash tag is the hotel id
            String pattern = counter.keyPattern() + "}:" + dayBucket + "??";
            RedisScan.scan(redis, pattern, key -> hotels.add(Long.parseLong(key.substring(key.indexOf('{') + 1, key.indexOf('}')))));
        }
        return hotels;
    }

    /** Views (the day's hour counters summed) and unique viewers (PFCOUNT over the day's 24 HyperLogLogs) per hotel. */
    public Map<Long, DayAudit.Counts> counts(TreeSet<Long> hotels)
    {
        Map<Long, Response<List<String>>> views = new HashMap<>();
        Map<Long, Response<Long>> viewers = new HashMap<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (long hotel : hotels) {
                views.put(hotel, pipeline.mget(keys(SpeedCounter.VIEWS, hotel)));
                viewers.put(hotel, pipeline.pfcount(keys(SpeedCounter.VIEWERS, hotel)));
            }
            pipeline.sync();
        }
        Map<Long, DayAudit.Counts> counts = new HashMap<>();
        for (long hotel : hotels) {
            long sum = views.get(hotel).get().stream().mapToLong(value -> value == null ? 0 : Long.parseLong(value)).sum();
            counts.put(hotel, new DayAudit.Counts(sum, viewers.get(hotel).get()));
        }
        return counts;
    }

    /** Deletes every counter of the day for these hotels; returns how many keys were deleted. */
    public long drop(TreeSet<Long> hotels)
    {
        List<Response<Long>> deleted = new ArrayList<>();
        Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (long hotel : hotels) {
                for (SpeedCounter counter : SpeedCounter.values()) {
                    if (counter == SpeedCounter.BOOKINGS || counter == SpeedCounter.DAILY_BOOKINGS) {
                        // the booking audit's to judge, not this one's: they expire with their TTL
                        continue;
                    }
                    // one DEL per hotel and counter: a hotel's keys share a hash slot
                    deleted.add(pipeline.del(counter.bucket() == SpeedCounter.Bucket.DAY ? new String[] {counter.key(hotel, midnight)} : keys(counter, hotel)));
                }
            }
            pipeline.sync();
        }
        return deleted.stream().mapToLong(Response::get).sum();
    }

    private String[] keys(SpeedCounter counter, long hotel)
    {
        return hours.stream().map(hour -> counter.key(hotel, hour)).toArray(String[]::new);
    }
}
