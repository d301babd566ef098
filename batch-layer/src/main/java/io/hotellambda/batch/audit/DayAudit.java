package io.hotellambda.batch.audit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Stream against batch for one closed day, per hotel: the speed layer's views and unique viewers
 * (from Redis) beside the batch's exact ones. Pure: the job reads both sides and writes the result.
 * <p>
 * Views should agree exactly but for the speed layer's known slack (a retry later than its
 * deduplication window counts twice), so drift in views is what fails an audit. Unique viewers
 * are a HyperLogLog estimate on the speed side (standard error 0.81%); a hotel's are within
 * bound when they differ by at most three standard errors, and the count of hotels outside it
 * is reported, not failed on: at 50,000 hotels chance alone puts about a hundred outside.
 */
public final class DayAudit
{
    /** HyperLogLog's standard error with Redis' 16,384 registers. */
    static final double HLL_STANDARD_ERROR = 0.0081;
    private static final int MAX_LISTED = 10;

    public record Counts(long views, long uniqueViewers) {}

    public record Thresholds(double maxDrift, double maxHotelDrift, long minHotelViews)
    {
        public Thresholds
        {
            if (maxDrift < 0 || maxHotelDrift < 0 || minHotelViews < 0) {
                throw new IllegalArgumentException("audit thresholds must not be negative");
            }
        }
    }

    public record HotelAudit(long hotelId, long batchViews, long speedViews, long batchUniqueViewers, long speedUniqueViewers)
    {
        public long difference()
        {
            return speedViews - batchViews;
        }

        /** |speed - batch| / batch (a hotel the batch saw no views of counts as one view). */
        public double relativeDifference()
        {
            return Math.abs(difference()) / (double) Math.max(batchViews, 1);
        }

        public boolean uniquesWithinBound()
        {
            return Math.abs(speedUniqueViewers - batchUniqueViewers) <= Math.ceil(3 * HLL_STANDARD_ERROR * batchUniqueViewers);
        }

        /** Worth a row in PostgreSQL's audit table: anything but full agreement. */
        public boolean differs()
        {
            return difference() != 0 || !uniquesWithinBound();
        }
    }

    /**
     * @param drift the day's total absolute difference over its batch views
     * @param largestRelativeDifferenceHotel the hotel with the largest relative difference, if any differs
     */
    public record Result(LocalDate day, Thresholds thresholds, List<HotelAudit> hotels, long batchViews, long speedViews,
            long totalAbsoluteDifference, double drift, double largestRelativeDifference, Optional<Long> largestRelativeDifferenceHotel,
            int uniquesOutsideBound, List<String> failures)
    {
        public boolean passed()
        {
            return failures.isEmpty();
        }
    }

    private DayAudit() {}

    /** Compares every hotel either side has for {@code day}; a hotel missing on one side has zeros there. */
    public static Result compare(LocalDate day, Map<Long, Counts> batch, Map<Long, Counts> speed, Thresholds thresholds)
    {
        requireNonNull(day, "day is null");
        TreeSet<Long> hotelIds = new TreeSet<>(batch.keySet());
        hotelIds.addAll(speed.keySet());
        Counts none = new Counts(0, 0);
        List<HotelAudit> hotels = new ArrayList<>();
        long batchViews = 0;
        long speedViews = 0;
        long absolute = 0;
        int uniquesOutside = 0;
        HotelAudit largest = null;
        List<String> failures = new ArrayList<>();
        int hotelFailures = 0;
        for (long hotelId : hotelIds) {
            Counts b = batch.getOrDefault(hotelId, none);
            Counts s = speed.getOrDefault(hotelId, none);
            HotelAudit hotel = new HotelAudit(hotelId, b.views(), s.views(), b.uniqueViewers(), s.uniqueViewers());
            hotels.add(hotel);
            batchViews += hotel.batchViews();
            speedViews += hotel.speedViews();
            absolute += Math.abs(hotel.difference());
            uniquesOutside += hotel.uniquesWithinBound() ? 0 : 1;
            if (hotel.difference() != 0 && (largest == null || hotel.relativeDifference() > largest.relativeDifference())) {
                largest = hotel;
            }
            if (hotel.batchViews() >= thresholds.minHotelViews() && hotel.relativeDifference() > thresholds.maxHotelDrift() && ++hotelFailures <= MAX_LISTED) {
                failures.add("hotel %s: speed %s views, batch %s (%.2f%%, over %.2f%%)".formatted(hotelId, hotel.speedViews(), hotel.batchViews(),
                        100 * hotel.relativeDifference(), 100 * thresholds.maxHotelDrift()));
            }
        }
        if (hotelFailures > MAX_LISTED) {
            failures.add("and %s more hotels over %.2f%%".formatted(hotelFailures - MAX_LISTED, 100 * thresholds.maxHotelDrift()));
        }
        double drift = absolute / (double) Math.max(batchViews, 1);
        if (drift > thresholds.maxDrift()) {
            failures.add(0, "the day's views differ by %s of %s (%.3f%%, over %.3f%%)".formatted(absolute, batchViews, 100 * drift, 100 * thresholds.maxDrift()));
        }
        return new Result(day, thresholds, hotels, batchViews, speedViews, absolute, drift,
                largest == null ? 0 : largest.relativeDifference(), Optional.ofNullable(largest).map(HotelAudit::hotelId), uniquesOutside, failures);
    }
}
