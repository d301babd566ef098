package io.hotellambda.serving.bookings;

import io.hotellambda.schemas.BookingMetric;
import io.hotellambda.schemas.BookingTables;
import io.hotellambda.schemas.SpeedCounter;
import io.hotellambda.serving.Granularity;
import io.hotellambda.serving.speed.CircuitBreaker;
import io.hotellambda.serving.speed.SpeedBuckets;
import io.hotellambda.serving.speed.SpeedView;
import io.hotellambda.serving.views.Seam;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A hotel's booking numbers merged at the bookings' watermark W exactly as views are
 * ({@link Seam}): each bucket from the batch when the batch computed its day before W, else from
 * the speed layer while its keys are held. Numbers are per currency: every {@link BookingMetric}
 * and the net revenue (revenue less refunds). The answer states W and is {@code degraded} when
 * the speed layer could not be read, is behind, or a bucket is known to neither side.
 */
public final class MergedBookings
{
    public static final String NET_REVENUE = "net_revenue_cents";

    /** One bucket: where its numbers came from ({@code batch}, {@code speed}, {@code none}) and, per currency, the numbers; null when unknown. */
    public record Point(Instant start, String source, Map<String, Map<String, Long>> currencies) {}

    /** The series, its totals per currency, and those totals' batch and speed parts. */
    public record Revenue(long hotelId, String granularity, Instant from, Instant to, Instant watermark, boolean degraded, List<Point> series,
            Map<String, Map<String, Long>> totals, Map<String, Map<String, Long>> batchTotals, Map<String, Map<String, Long>> speedTotals) {}

    private final BookingBatchRepository batch;
    private final SpeedView speed;
    private final Clock clock;
    private final Duration speedRetention;

    public MergedBookings(BookingBatchRepository batch, SpeedView speed, Clock clock, Duration speedRetention)
    {
        this.batch = batch;
        this.speed = speed;
        this.clock = clock;
        this.speedRetention = speedRetention;
    }

    /** One hotel's numbers over {@code [from, to)}, both on {@code granularity}'s boundaries. */
    public Revenue revenue(long hotelId, Granularity granularity, Instant from, Instant to)
            throws SQLException
    {
        LocalDate firstDay = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate endDay = LocalDate.ofInstant(to.minusMillis(1), ZoneOffset.UTC).plusDays(1);
        BookingBatchRepository.HotelBatch hotel = batch.hotel(hotelId, firstDay, endDay);
        Set<Long> batchDays = hotel.days().stream().map(LocalDate::toEpochDay).collect(Collectors.toSet());
        Seam seam = Seam.of(hotel.watermark(), batchDays, clock.instant(), speedRetention);

        List<Instant> starts = new ArrayList<>();
        for (Instant start = from; start.isBefore(to); start = start.plus(1, granularity.unit())) {
            starts.add(start);
        }
        List<Instant> speedStarts = starts.stream().filter(start -> seam.sourceOf(start) == Seam.Source.SPEED).toList();
        Optional<List<Map<String, Long>>> speedValues;
        try {
            speedValues = Optional.of(speed.bookings(hotelId, speedStarts.stream().map(start -> granularity == Granularity.HOUR
                    ? new SpeedBuckets(List.of(), seam.speedHours(start, start))
                    : seam.speedBuckets(start, start.plus(1, granularity.unit()).minusMillis(1))).toList()));
        }
        catch (CircuitBreaker.OpenException e) {
            speedValues = Optional.empty();
        }

        Map<String, long[]> batchTotals = new TreeMap<>();
        Map<String, long[]> speedTotals = new TreeMap<>();
        List<Point> points = new ArrayList<>();
        boolean unknown = false;
        int nextSpeed = 0;
        for (Instant start : starts) {
            Seam.Source source = seam.sourceOf(start);
            int speedIndex = source == Seam.Source.SPEED ? nextSpeed++ : -1;
            Map<String, long[]> numbers = switch (source) {
                case BATCH -> batchNumbers(hotel.rows(), granularity, start);
                case SPEED -> speedValues.map(values -> speedNumbers(values.get(speedIndex))).orElse(null);
                case NONE -> null;
            };
            if (numbers == null) {
                unknown = true;
            }
            else {
                numbers.forEach((currency, values) -> add(source == Seam.Source.BATCH ? batchTotals : speedTotals, currency, values));
            }
            points.add(new Point(start, source.name().toLowerCase(Locale.ROOT), numbers == null ? null : answer(numbers)));
        }
        Map<String, long[]> totals = new TreeMap<>();
        batchTotals.forEach((currency, values) -> add(totals, currency, values));
        speedTotals.forEach((currency, values) -> add(totals, currency, values));
        return new Revenue(hotelId, granularity.name().toLowerCase(Locale.ROOT), from, to, hotel.watermark().orElse(null),
                unknown || (!speedStarts.isEmpty() && speed.isStale()), points, answer(totals), answer(batchTotals), answer(speedTotals));
    }

    private static Map<String, long[]> batchNumbers(List<BookingTables.HourRow> rows, Granularity granularity, Instant start)
    {
        LocalDate day = LocalDate.ofInstant(start, ZoneOffset.UTC);
        int hour = granularity == Granularity.HOUR ? start.atZone(ZoneOffset.UTC).getHour() : -1;
        Map<String, long[]> numbers = new TreeMap<>();
        for (BookingTables.HourRow row : rows) {
            if (row.day().equals(day) && (hour < 0 || row.hour() == hour)) {
                add(numbers, row.currency(), row.values());
            }
        }
        return numbers;
    }

    private static Map<String, long[]> speedNumbers(Map<String, Long> fields)
    {
        Map<String, long[]> numbers = new TreeMap<>();
        fields.forEach((field, value) -> SpeedCounter.parseBookingField(field).ifPresent(parsed ->
                numbers.computeIfAbsent(parsed.getValue(), currency -> new long[BookingMetric.values().length])[parsed.getKey().ordinal()] += value));
        return numbers;
    }

    private static void add(Map<String, long[]> into, String currency, long[] values)
    {
        long[] sum = into.computeIfAbsent(currency, key -> new long[BookingMetric.values().length]);
        for (int i = 0; i < sum.length; i++) {
            sum[i] += values[i];
        }
    }

    /** Per currency, every metric by name in {@link BookingMetric} order, then {@link #NET_REVENUE}. */
    private static Map<String, Map<String, Long>> answer(Map<String, long[]> numbers)
    {
        Map<String, Map<String, Long>> answer = new TreeMap<>();
        numbers.forEach((currency, values) -> {
            Map<String, Long> named = new LinkedHashMap<>();
            for (BookingMetric metric : BookingMetric.values()) {
                named.put(metric.column(), values[metric.ordinal()]);
            }
            named.put(NET_REVENUE, values[BookingMetric.REVENUE_CENTS.ordinal()] - values[BookingMetric.REFUND_CENTS.ordinal()]);
            answer.put(currency, named);
        });
        return answer;
    }
}
