package io.hotellambda.batch.audit;

import io.hotellambda.config.RedisScan;
import io.hotellambda.schemas.BookingMetric;
import io.hotellambda.schemas.SpeedCounter;
import redis.clients.jedis.UnifiedJedis;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/** One UTC day of the speed layer's booking numbers: every hotel's daily booking hash, per currency. */
final class SpeedBookingDay
{
    private SpeedBookingDay() {}

    static Map<BookingAudit.Key, long[]> read(UnifiedJedis redis, LocalDate day)
    {
        String dayBucket = SpeedCounter.Bucket.DAY.of(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        Map<BookingAudit.Key, long[]> numbers = new TreeMap<>();
        // e.g. bkd:{*}:20261120: the hash tag is the hotel id
        RedisScan.scan(redis, SpeedCounter.DAILY_BOOKINGS.keyPattern() + "}:" + dayBucket, key -> {
            long hotelId = Long.parseLong(key.substring(key.indexOf('{') + 1, key.indexOf('}')));
            redis.hgetAll(key).forEach((field, value) -> SpeedCounter.parseBookingField(field).ifPresent(parsed ->
                    numbers.computeIfAbsent(new BookingAudit.Key(hotelId, parsed.getValue()), hotel -> new long[BookingMetric.values().length])
                            [parsed.getKey().ordinal()] += Long.parseLong(value)));
        });
        return numbers;
    }
}
