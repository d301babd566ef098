package io.hotellambda.serving.batch;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What the batch layer had published at one read of PostgreSQL: the batch watermark W, the days
 * before W it computed, every hotel's numbers for those days, and the active hotels by city. Immutable; the serving
 * layer swaps in a new one when the batch publishes (once a day), and keeps the last one while
 * PostgreSQL is away.
 *
 * @param batchDays the epoch days before W that the batch computed: it answers exactly these
 * @param activeHotels every active hotel, by id (held sorted: a ranking without a city ranks them all)
 * @param hourlyFrom the first day whose hourly views are held ({@code hourlyViews} is empty before it)
 * @param version what changes whenever any of this would: compared before reloading
 */
public record BatchView(
        Optional<Instant> watermark,
        Set<Long> batchDays,
        Map<Long, HotelHistory> hotels,
        List<Long> activeHotels,
        Map<String, List<Long>> activeHotelsByCity,
        LocalDate hourlyFrom,
        String version)
{
    public BatchView
    {
        requireNonNull(watermark, "watermark is null");
        batchDays = Set.copyOf(batchDays);
        // a HashMap, not Map.copyOf's probing table: a 1,000-hotel query looks up 1,000 ids
        hotels = Collections.unmodifiableMap(new HashMap<>(hotels));
        activeHotels = List.copyOf(activeHotels);
        activeHotelsByCity = Map.copyOf(activeHotelsByCity);
        requireNonNull(hourlyFrom, "hourlyFrom is null");
        requireNonNull(version, "version is null");
    }

    public HotelHistory hotel(long hotelId)
    {
        return hotels.getOrDefault(hotelId, HotelHistory.NONE);
    }

    /** Active hotels in {@code city} (any case), or every active hotel. */
    public List<Long> activeHotels(Optional<String> city)
    {
        if (city.isPresent()) {
            return activeHotelsByCity.getOrDefault(cityKey(city.get()), List.of());
        }
        return activeHotels;
    }

    static String cityKey(String city)
    {
        return city.strip().toLowerCase(Locale.ROOT);
    }
}
