package io.hotellambda.serving.batch;

import io.hotellambda.serving.HotelTable;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What the batch layer had published at one read of PostgreSQL: the batch watermark W, the days
 * before W it computed, every hotel's total before W, and every hotel's numbers for a bounded
 * window of days before W (per day from {@link #daysFrom}, per hour from {@link #hourlyFrom}).
 * Memory is bounded by the window, not by how many days were ever published. Immutable; the
 * serving layer swaps in a new one when the batch publishes (once a day), and keeps the last one
 * while PostgreSQL is away.
 */
public final class BatchView
{
    private final Optional<Instant> watermark;
    private final Set<Long> batchDays;
    private final Map<Long, HotelHistory> hotels;
    private final HotelTable totalViews;
    private final LocalDate daysFrom;
    private final LocalDate hourlyFrom;
    private final String version;

    /**
     * @param batchDays the epoch days before W that the batch computed: it answers exactly these
     * @param totalViews each hotel's views over all of {@code batchDays}, flat: a 1,000-hotel query reads these and nothing else of the view
     * @param hotels each hotel's days and hours in the window held
     * @param daysFrom the first day whose daily numbers are held ({@code hotels} holds none before it)
     * @param hourlyFrom the first day whose hourly views are held
     * @param version what changes whenever any of this would: compared before reloading
     */
    public BatchView(Optional<Instant> watermark, Set<Long> batchDays, HotelTable totalViews, Map<Long, HotelHistory> hotels,
            LocalDate daysFrom, LocalDate hourlyFrom, String version)
    {
        this.watermark = requireNonNull(watermark, "watermark is null");
        this.batchDays = Set.copyOf(batchDays);
        this.totalViews = requireNonNull(totalViews, "totalViews is null");
        // a HashMap, not Map.copyOf's probing table: a ranking looks up every active hotel
        this.hotels = Collections.unmodifiableMap(new HashMap<>(hotels));
        this.daysFrom = requireNonNull(daysFrom, "daysFrom is null");
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

    /** How many hotels have batch numbers (a total). */
    public int hotelCount()
    {
        return totalViews.size();
    }

    /** The hotel's days and hours in the window held. */
    public HotelHistory hotel(long hotelId)
    {
        return hotels.getOrDefault(hotelId, HotelHistory.NONE);
    }

    /** The views of {@code hotelId} over every batch day. */
    public long totalViews(long hotelId)
    {
        return totalViews.get(hotelId, 0);
    }

    public LocalDate daysFrom()
    {
        return daysFrom;
    }

    public LocalDate hourlyFrom()
    {
        return hourlyFrom;
    }

    public String version()
    {
        return version;
    }
}
