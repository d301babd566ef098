package io.hotellambda.schemas;

import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamEntry;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The speed layer's change feed: a Redis stream ({@link #STREAM}) whose entries name the hotels
 * whose daily view counters ({@link SpeedCounter#DAILY_VIEWS}) a write may have changed, as
 * {@code day (yyyyMMdd) → "id,id,..."}. A writer appends an entry after its counter writes have
 * completed, so a reader that reads an entry and then the counters it names sees at least those
 * writes. The serving layer follows it to keep the day counters in memory. The stream is capped
 * at about {@link #MAX_LENGTH} entries; a reader that falls further behind loads everything again.
 */
public final class SpeedChanges
{
    public static final String STREAM = "speed:changes";
    public static final long MAX_LENGTH = 100_000;

    private SpeedChanges() {}

    /** Appends one entry naming {@code hotelsByDay}; nothing when it is empty. Returns the entry's id, or null. */
    public static StreamEntryID publish(UnifiedJedis redis, Map<String, ? extends Collection<Long>> hotelsByDay)
    {
        Map<String, String> fields = new LinkedHashMap<>();
        hotelsByDay.forEach((day, hotels) -> {
            if (!hotels.isEmpty()) {
                fields.put(day, hotels.stream().map(String::valueOf).collect(Collectors.joining(",")));
            }
        });
        if (fields.isEmpty()) {
            return null;
        }
        return redis.xadd(STREAM, XAddParams.xAddParams().maxLen(MAX_LENGTH).approximateTrimming(), fields);
    }

    /** One entry's hotels per day. */
    public static Map<String, long[]> hotelsByDay(StreamEntry entry)
    {
        Map<String, long[]> hotels = new LinkedHashMap<>();
        entry.getFields().forEach((day, ids) -> hotels.put(day, Arrays.stream(ids.split(",")).mapToLong(Long::parseLong).toArray()));
        return hotels;
    }
}
