package io.hotellambda.serving.batch;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * booking-app's active hotels, by id and by city, as the serving layer ranks them. Refreshed apart
 * from the batch view: a hotel renamed or deactivated reloads this, not the batch's numbers.
 */
public final class Catalog
{
    public static final Catalog EMPTY = new Catalog(List.of(), Map.of(), "-");

    private final long[] activeHotels;
    private final Map<String, long[]> activeHotelsByCity;
    private final String version;

    /** @param activeHotels every active hotel, by id (held sorted: a ranking without a city ranks them all) */
    public Catalog(List<Long> activeHotels, Map<String, List<Long>> activeHotelsByCity, String version)
    {
        // as arrays, once per load: a ranking reads every one of them per request
        this.activeHotels = ids(activeHotels);
        Map<String, long[]> byCity = new HashMap<>();
        activeHotelsByCity.forEach((city, ids) -> byCity.put(city, ids(ids)));
        this.activeHotelsByCity = Map.copyOf(byCity);
        this.version = requireNonNull(version, "version is null");
    }

    /** Active hotels in {@code city} (any case), or every active hotel; the caller must not change the array. */
    public long[] activeHotels(Optional<String> city)
    {
        if (city.isPresent()) {
            return activeHotelsByCity.getOrDefault(cityKey(city.get()), new long[0]);
        }
        return activeHotels;
    }

    public int size()
    {
        return activeHotels.length;
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
