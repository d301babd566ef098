package io.hotellambda.speed;

import io.hotellambda.config.Settings;
import io.hotellambda.schemas.SpeedCounter;
import redis.clients.jedis.UnifiedJedis;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code bin/speed-counts <hotel_id> [yyyy-MM-dd]}: what the speed layer holds in Redis for one
 * hotel and UTC day (default today), read with the same key schema the serving layer uses;
 * {@code bin/speed-counts --city <city> [yyyy-MM-dd]}: a city's searches that day, and per stay
 * night over the next 30 nights.
 */
public final class SpeedCounts
{
    private SpeedCounts() {}

    public static void main(String[] args)
    {
        if (args.length >= 2 && args[0].equals("--city") && args.length <= 3) {
            citySearches(args[1], args.length == 3 ? LocalDate.parse(args[2]) : LocalDate.now(ZoneOffset.UTC));
            return;
        }
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: bin/speed-counts <hotel_id> [yyyy-MM-dd] | --city <city> [yyyy-MM-dd]   (Redis from SPEED_LAYER_REDIS_URI, default redis://127.0.0.1:16379)");
            System.exit(2);
        }
        long hotelId = Long.parseLong(args[0]);
        LocalDate day = args.length == 2 ? LocalDate.parse(args[1]) : LocalDate.now(ZoneOffset.UTC);
        SpeedLayerConfig config = SpeedLayerConfig.load(Settings.load(SpeedLayerConfig.ENV_PREFIX, Optional.empty(), System.getenv()));
        try (UnifiedJedis redis = config.redis().connect()) {
            Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            List<String> viewerKeys = new ArrayList<>();
            Map<String, String> hourly = new TreeMap<>();
            for (int hour = 0; hour < 24; hour++) {
                Instant at = start.plusSeconds(hour * 3600L);
                String views = redis.get(SpeedCounter.VIEWS.key(hotelId, at));
                viewerKeys.add(SpeedCounter.VIEWERS.key(hotelId, at));
                Map<String, String> bookings = new TreeMap<>(redis.hgetAll(SpeedCounter.BOOKINGS.key(hotelId, at)));
                if (views != null || !bookings.isEmpty()) {
                    hourly.put("%02d:00".formatted(hour), "views %s, unique viewers ~%s, bookings %s".formatted(Optional.ofNullable(views).orElse("0"),
                            redis.pfcount(SpeedCounter.VIEWERS.key(hotelId, at)), bookings));
                }
            }
            System.out.printf("hotel %s, %s (UTC), from %s%n", hotelId, day, config.redis());
            hourly.forEach((hour, line) -> System.out.printf("  %s  %s%n", hour, line));
            System.out.printf("  day: unique viewers ~%s, by country %s, by device %s, bookings %s%n",
                    redis.pfcount(viewerKeys.toArray(String[]::new)),
                    redis.hgetAll(SpeedCounter.VIEWS_BY_COUNTRY.key(hotelId, start)),
                    redis.hgetAll(SpeedCounter.VIEWS_BY_DEVICE.key(hotelId, start)),
                    new TreeMap<>(redis.hgetAll(SpeedCounter.DAILY_BOOKINGS.key(hotelId, start))));
        }
    }

    private static void citySearches(String city, LocalDate day)
    {
        SpeedLayerConfig config = SpeedLayerConfig.load(Settings.load(SpeedLayerConfig.ENV_PREFIX, Optional.empty(), System.getenv()));
        try (UnifiedJedis redis = config.redis().connect()) {
            String key = SpeedCounter.searchesByDay(city, SpeedCounter.Bucket.DAY.of(day.atStartOfDay(ZoneOffset.UTC).toInstant()));
            System.out.printf("searches for %s received %s (UTC), from %s: %s%n", city, day, config.redis(), redis.hgetAll(key));
            for (int night = 0; night < 30; night++) {
                LocalDate date = day.plusDays(night);
                Map<String, String> counts = redis.hgetAll(SpeedCounter.searchesByStayNight(city, SpeedCounter.Bucket.DAY.of(date.atStartOfDay(ZoneOffset.UTC).toInstant())));
                if (!counts.isEmpty()) {
                    System.out.printf("  stay night %s: %s%n", date, counts);
                }
            }
        }
    }
}
