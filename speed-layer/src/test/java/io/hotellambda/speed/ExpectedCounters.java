package io.hotellambda.speed;

import io.hotellambda.schemas.HotelViewed;
import io.hotellambda.schemas.PlatformEvent;
import io.hotellambda.schemas.BookingMetric;
import io.hotellambda.schemas.HotelEvent;
import io.hotellambda.schemas.SearchPerformed;
import io.hotellambda.schemas.SpeedChanges;
import io.hotellambda.schemas.SpeedCounter;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.StreamEntry;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * The Redis state the speed layer must produce, computed directly from the accepted events (each
 * once), and compared key by key, field by field with what is in Redis.
 */
final class ExpectedCounters
{
    private final Map<String, String> values = new TreeMap<>();
    private final Set<Long> hotels = new TreeSet<>();
    private final Set<String> cities = new TreeSet<>();

    void add(PlatformEvent event)
    {
        if (event instanceof HotelViewed view) {
            increment(SpeedCounter.VIEWS.key(view.hotelId(), view.receivedAt()), view.hotelId(), 1);
            increment(SpeedCounter.DAILY_VIEWS.key(view.hotelId(), view.receivedAt()), view.hotelId(), 1);
            values.merge(SpeedCounter.VIEWERS.key(view.hotelId(), view.receivedAt()), view.viewerId(), (a, b) -> a + "," + b);
            increment(SpeedCounter.VIEWS_BY_COUNTRY.key(view.hotelId(), view.receivedAt()) + "#" + view.country(), view.hotelId(), 1);
            increment(SpeedCounter.VIEWS_BY_DEVICE.key(view.hotelId(), view.receivedAt()) + "#" + view.device(), view.hotelId(), 1);
        }
        else if (event instanceof HotelEvent booking) {
            // a late payment sent back counts nothing, but is still a hotel's event: its marker is written
            hotels.add(booking.hotelId());
            BookingMetric.of(booking).ifPresent(contribution -> contribution.values().forEach((metric, value) -> {
                String field = "#" + SpeedCounter.bookingField(metric, contribution.currency());
                increment(SpeedCounter.BOOKINGS.key(booking.hotelId(), booking.receivedAt()) + field, booking.hotelId(), value);
                increment(SpeedCounter.DAILY_BOOKINGS.key(booking.hotelId(), booking.receivedAt()) + field, booking.hotelId(), value);
            }));
        }
        else if (event instanceof SearchPerformed search && search.firstPage()) {
            cities.add(search.city());
            List<String> keys = new ArrayList<>();
            keys.add(SpeedCounter.searchesByDay(search.city(), SpeedCounter.Bucket.DAY.of(search.receivedAt())));
            if (search.dated()) {
                search.checkIn().datesUntil(search.checkOut())
                        .forEach(night -> keys.add(SpeedCounter.searchesByStayNight(search.city(), night.format(DateTimeFormatter.BASIC_ISO_DATE))));
            }
            for (String key : keys) {
                values.merge(key + "#" + SpeedCounter.SEARCHES, "1", ExpectedCounters::sum);
                if (search.soldOut()) {
                    values.merge(key + "#" + SpeedCounter.SOLD_OUT, "1", ExpectedCounters::sum);
                }
            }
        }
    }

    private static String sum(String a, String b)
    {
        return Long.toString(Long.parseLong(a) + Long.parseLong(b));
    }

    private void increment(String key, long hotelId, long amount)
    {
        hotels.add(hotelId);
        values.merge(key, Long.toString(amount), ExpectedCounters::sum);
    }

    /** Redis's state for these hotels in the same form: counters, hash fields as key#field, HLL as PFCOUNT. */
    Map<String, String> actual(UnifiedJedis redis)
    {
        Map<String, String> actual = new TreeMap<>();
        for (String key : allKeys(redis)) {
            switch (redis.type(key)) {
                case "string" -> {
                    if (key.startsWith("u:")) {
                        actual.put(key, Long.toString(redis.pfcount(key)));
                    }
                    else {
                        actual.put(key, redis.get(key));
                    }
                }
                case "hash" -> redis.hgetAll(key).forEach((field, value) -> actual.put(key + "#" + field, value));
                default -> actual.put(key, "unexpected type " + redis.type(key));
            }
        }
        return actual;
    }

    /** Views, counts and revenue; uniques as the true distinct count. */
    Map<String, String> expected()
    {
        Map<String, String> expected = new TreeMap<>();
        values.forEach((key, value) -> expected.put(key, key.startsWith("u:") ? Integer.toString(new HashSet<>(Arrays.asList(value.split(","))).size()) : value));
        return expected;
    }

    void assertMatches(UnifiedJedis redis)
    {
        Map<String, String> actual = actual(redis);
        Map<String, String> expected = expected();
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((key, value) -> {
            if (key.startsWith("u:")) {
                // HyperLogLog: about 0.81% standard error, also for small sets
                assertThat(Double.parseDouble(actual.get(key))).as(key).isCloseTo(Double.parseDouble(value), withinPercentage(2));
            }
            else {
                assertThat(actual.get(key)).as(key).isEqualTo(value);
            }
        });
        for (String key : allKeys(redis)) {
            // a stay night's search counters live a TTL past the night
            assertThat(redis.ttl(key)).as("TTL of %s", key).isBetween(1L, key.startsWith("sn:") ? 2 * 365 * 24 * 3600L : 7 * 24 * 3600L);
        }
        assertChangeFeedNamesEveryDailyCounter(redis);
    }

    /** The change feed names every daily views counter written, so a reader following it misses none. */
    private void assertChangeFeedNamesEveryDailyCounter(UnifiedJedis redis)
    {
        Set<String> named = new TreeSet<>();
        for (StreamEntry entry : redis.xrange(SpeedChanges.STREAM, "-", "+")) {
            SpeedChanges.hotelsByDay(entry).forEach((day, ids) -> Arrays.stream(ids).forEach(hotel -> named.add(SpeedCounter.DAILY_VIEWS.key(hotel, day))));
        }
        assertThat(named).containsAll(values.keySet().stream().filter(key -> key.startsWith("vv:")).toList());
    }

    private Set<String> allKeys(UnifiedJedis redis)
    {
        Set<String> keys = new TreeSet<>();
        hotels.forEach(hotel -> keys.addAll(keysOf(redis, hotel)));
        for (String city : cities) {
            keys.addAll(scan(redis, "*:" + SpeedCounter.cityTag(city).replace("*", "\\*") + "*"));
            keys.remove(SpeedCounter.appliedSearchBatches(city));
        }
        keys.removeIf(key -> key.startsWith("seen:"));
        return keys;
    }

    static Set<String> keysOf(UnifiedJedis redis, long hotelId)
    {
        Set<String> keys = scan(redis, "*:{" + hotelId + "}*");
        keys.remove(SpeedCounter.appliedBatches(hotelId));
        // the deduplication window's memory of event ids, not counters
        keys.removeIf(key -> key.startsWith("seen:"));
        return keys;
    }

    private static Set<String> scan(UnifiedJedis redis, String pattern)
    {
        Set<String> keys = new TreeSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams match = new ScanParams().match(pattern).count(1000);
        do {
            ScanResult<String> page = redis.scan(cursor, match);
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        }
        while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }
}
