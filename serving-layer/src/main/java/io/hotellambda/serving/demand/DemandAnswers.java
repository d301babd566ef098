package io.hotellambda.serving.demand;

import io.hotellambda.schemas.SearchPerformed;
import io.hotellambda.schemas.SpeedCounter;
import io.hotellambda.schemas.SupplyDemandTables;
import io.hotellambda.serving.Granularity;
import io.hotellambda.serving.ServingDatabase;
import io.hotellambda.serving.bookings.MergedBookings;
import io.hotellambda.serving.speed.CircuitBreaker;
import io.hotellambda.serving.speed.SpeedView;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Supply and demand for pricing models: the nightly job's newest published day
 * ({@link SupplyDemandTables}, per hotel, room type and stay date, with its suggested price and
 * the inputs), and what has happened since from the speed layer: a hotel's bookings merged at the
 * watermark from the day after the snapshot until now ({@link MergedBookings}), a city's searches
 * today and per stay night. An answer is {@code degraded} when the newest day is older than
 * yesterday (the nightly job is behind) or the speed layer's part could not be read or is behind.
 */
public final class DemandAnswers
{
    /**
     * A hotel's stay nights of the newest day (per room type), the same summed per stay date
     * ({@link StayDates}: occupancy, ADR, RevPAR, pickup), and its bookings since: totals per
     * currency over [from, to), merged at W.
     */
    public record HotelDemand(long hotelId, LocalDate asOfDate, LocalDate from, LocalDate to, boolean degraded, List<Map<String, Object>> nights,
            List<StayDates.StayDate> stayDates, MergedBookings.Revenue sinceAsOf) {}

    /**
     * A city's stay nights of the newest day, summed over its hotels, each with the speed layer's
     * searches covering the night ({@code speed_searches}, {@code speed_sold_out_searches}; null
     * when the speed layer cannot be read), and the city's searches received today.
     */
    public record CityDemand(String city, LocalDate asOfDate, LocalDate from, LocalDate to, boolean degraded, Map<String, Long> searchesToday,
            List<Map<String, Object>> nights) {}

    private final ServingDatabase database;
    private final MergedBookings bookings;
    private final SpeedView speed;
    private final Clock clock;

    public DemandAnswers(ServingDatabase database, MergedBookings bookings, SpeedView speed, Clock clock)
    {
        this.database = database;
        this.bookings = bookings;
        this.speed = speed;
        this.clock = clock;
    }

    /** The newest published day, if any: the default range starts the day after it. */
    public Optional<LocalDate> newest()
            throws SQLException
    {
        return database.read(SupplyDemandTables::newest, Optional::empty);
    }

    /** A hotel's stay nights in {@code [from, to)}. */
    public HotelDemand hotel(long hotelId, Optional<LocalDate> asOf, LocalDate from, LocalDate to)
            throws SQLException
    {
        List<Map<String, Object>> nights = asOf.isEmpty() ? List.of() : database.read(connection -> SupplyDemandTables.hotel(connection, asOf.get(), hotelId, from, to), List::of);
        LocalDate today = today();
        MergedBookings.Revenue since = null;
        if (asOf.isPresent() && asOf.get().isBefore(today)) {
            since = bookings.revenue(hotelId, Granularity.DAY, midnight(asOf.get().plusDays(1)), midnight(today.plusDays(1)));
        }
        boolean degraded = stale(asOf) || (since != null && since.degraded());
        return new HotelDemand(hotelId, asOf.orElse(null), from, to, degraded, nights, StayDates.of(nights), since);
    }

    /** A city's ({@code city} in any case, keyed as searches key it) stay nights in {@code [from, to)}. */
    public CityDemand city(String city, Optional<LocalDate> asOf, LocalDate from, LocalDate to)
            throws SQLException
    {
        String key = SearchPerformed.cityKey(city);
        List<Map<String, Object>> batch = asOf.isEmpty() ? List.of() : database.read(connection -> SupplyDemandTables.city(connection, asOf.get(), key, from, to), List::of);
        List<LocalDate> dates = from.datesUntil(to).toList();
        Optional<List<Map<String, Long>>> searches;
        try {
            searches = Optional.of(speed.searches(key, today(), dates));
        }
        catch (CircuitBreaker.OpenException e) {
            searches = Optional.empty();
        }
        Map<LocalDate, Map<String, Object>> byDate = new LinkedHashMap<>();
        batch.forEach(row -> byDate.put((LocalDate) row.get("stay_date"), row));
        List<Map<String, Object>> nights = new ArrayList<>();
        for (int i = 0; i < dates.size(); i++) {
            Map<String, Object> night = new LinkedHashMap<>(byDate.getOrDefault(dates.get(i), Map.of("stay_date", dates.get(i))));
            int hash = i + 1;
            night.put("speed_searches", searches.map(hashes -> hashes.get(hash).get(SpeedCounter.SEARCHES)).orElse(null));
            night.put("speed_sold_out_searches", searches.map(hashes -> hashes.get(hash).get(SpeedCounter.SOLD_OUT)).orElse(null));
            nights.add(night);
        }
        boolean degraded = stale(asOf) || searches.isEmpty() || speed.isStale();
        return new CityDemand(key, asOf.orElse(null), from, to, degraded,
                searches.map(hashes -> hashes.get(0)).orElse(null), nights);
    }

    /** The nightly job publishes yesterday each night: an older newest day, or none, is stale. */
    private boolean stale(Optional<LocalDate> asOf)
    {
        return asOf.isEmpty() || asOf.get().isBefore(today().minusDays(1));
    }

    private LocalDate today()
    {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static Instant midnight(LocalDate day)
    {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
