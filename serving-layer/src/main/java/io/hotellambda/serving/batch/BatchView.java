package io.hotellambda.serving.batch;

import io.hotellambda.serving.HotelTable;

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
 * before W it computed, every hotel's numbers for those days, and the active hotels by city.
 * Immutable; the serving layer swaps in a new one when the batch publishes (once a day), and keeps
 * the last one while PostgreSQL is away.
 */
public final class BatchView
{
    private final Optional<Instant> watermark;
    private final Set<Long> batchDays;
    private final Map<Long, HotelHistory> hotels;
    private final HotelTable totalViews;
    private final long[] activeHotels;
    private final Map<String, long[]> activeHotelsByCity;
    private final LocalDate hourlyFrom;
    private final String version;

    /**
     * @param batchDays the epoch days before W that the batch computed: it answers exactly these
     * @param activeHotels every active hotel, by id (held sorted: a ranking without a city ranks them all)
     * @param hourlyFrom the first day whose hourly views are held ({@code hourlyViews} is empty before it)
     * @param version what changes whenever any of this would: compared before reloading
     */
    public BatchView(Optional<Instant> watermark, Set<Long> batchDays, Map<Long, HotelHistory> hotels, List<Long> activeHotels,
            Map<String, List<Long>> activeHotelsByCity, LocalDate hourlyFrom, String version)
    {
        this.watermark = requireNonNull(watermark, "watermark is null");
        this.batchDays = Set.copyOf(batchDays);
        // a HashMap, not Map.copyOf's probing table: a ranking looks up every active hotel
        this.hotels = Collections.unmodifiableMap(new HashMap<>(hotels));
        // each hotel's total again, flat: a 1,000-hotel query reads these and nothing else of the view
        this.totalViews = new HotelTable(hotels.size(), 1);
        hotels.forEach((hotel, history) -> totalViews.set(totalViews.add(hotel), 0, history.dailyViews().total()));
        // as arrays, once per load: a ranking reads every one of them per request
        this.activeHotels = ids(activeHotels);
        Map<String, long[]> byCity = new HashMap<>();
        activeHotelsByCity.forEach((city, ids) -> byCity.put(city, ids(ids)));
        this.activeHotelsByCity = Map.copyOf(byCity);
        this.hourlyFrom = requireNonNull(hourlyFrom, "hourlyFrom is null");
        this.version = requireNonNull(version, "version is null");
    }

    public Optional<Instant> watermark()
    {
        return watermark;
    }

    public Set<Long> batchDays()
    {
        return batchDays;
    }

    /** How many hotels have batch numbers. */
    public int hotelCount()
    {
        return hotels.size();
    }

    public HotelHistory hotel(long hotelId)
    {
        return hotels.getOrDefault(hotelId, HotelHistory.NONE);
    }

    /** The views of {@code hotelId} over every batch day. */
    public long totalViews(long hotelId)
    {
        return totalViews.get(hotelId, 0);
    }

    /** Active hotels in {@code city} (any case), or every active hotel; the caller must not change the array. */
    public long[] activeHotels(Optional<String> city)
    {
        if (city.isPresent()) {
            return activeHotelsByCity.getOrDefault(cityKey(city.get()), new long[0]);
        }
        return activeHotels;
    }

    public LocalDate hourlyFrom()
    {
        return hourlyFrom;
    }

    public String version()
    {
        return version;
    }

    private static long[] ids(List<Long> ids)
    {
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    static String cityKey(String city)
    {
        return city.strip().toLowerCase(Locale.ROOT);
    }
}
