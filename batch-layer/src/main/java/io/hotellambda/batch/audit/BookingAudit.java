package io.hotellambda.batch.audit;

import io.hotellambda.schemas.BookingMetric;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The booking audit of one day as a pure comparison: per hotel, currency and {@link BookingMetric},
 * the batch's exact number against the speed layer's. Both sides are exact, so the drift
 * threshold is zero: any difference fails the day, and each is named with its hotel, currency,
 * metric and amount.
 */
public final class BookingAudit
{
    /** A hotel's numbers in one currency; {@code values} by {@link BookingMetric#ordinal}. */
    public record Key(long hotelId, String currency)
            implements Comparable<Key>
    {
        @Override
        public int compareTo(Key other)
        {
            int byHotel = Long.compare(hotelId, other.hotelId);
            return byHotel != 0 ? byHotel : currency.compareTo(other.currency);
        }
    }

    /** One number on both sides. */
    public record Comparison(long hotelId, String currency, BookingMetric metric, long batch, long speed)
    {
        public long difference()
        {
            return speed - batch;
        }
    }

    public record Result(LocalDate day, int hotelsCompared, List<Comparison> comparisons)
    {
        public Result
        {
            comparisons = List.copyOf(comparisons);
        }

        public List<Comparison> differences()
        {
            return comparisons.stream().filter(comparison -> comparison.difference() != 0).toList();
        }

        public boolean passed()
        {
            return differences().isEmpty();
        }

        /** One line per difference: {@code hotel 7 EUR revenue_cents: batch 54000, speed 53000 (speed -1000)}. */
        public List<String> failures()
        {
            return differences().stream().map(difference -> "hotel %s %s %s: batch %s, speed %s (speed %+d)".formatted(difference.hotelId(),
                    difference.currency(), difference.metric().column(), difference.batch(), difference.speed(), difference.difference())).toList();
        }
    }

    private BookingAudit() {}

    public static Result compare(LocalDate day, Map<Key, long[]> batch, Map<Key, long[]> speed)
    {
        TreeSet<Key> keys = new TreeSet<>(batch.keySet());
        keys.addAll(speed.keySet());
        long[] none = new long[BookingMetric.values().length];
        List<Comparison> comparisons = new ArrayList<>();
        for (Key key : keys) {
            long[] batchValues = batch.getOrDefault(key, none);
            long[] speedValues = speed.getOrDefault(key, none);
            for (BookingMetric metric : BookingMetric.values()) {
                comparisons.add(new Comparison(key.hotelId(), key.currency(), metric, batchValues[metric.ordinal()], speedValues[metric.ordinal()]));
            }
        }
        return new Result(day, (int) keys.stream().mapToLong(Key::hotelId).distinct().count(), comparisons);
    }
}
