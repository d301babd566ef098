package io.hotellambda.serving.views;

import io.hotellambda.http.ProblemException;
import io.hotellambda.serving.batch.BatchView;
import io.hotellambda.serving.batch.BatchViewHolder;
import io.hotellambda.serving.batch.HotelHistory;
import io.hotellambda.serving.speed.CircuitBreaker;
import io.hotellambda.serving.speed.SpeedView;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The merge rule: on the {@code received_at} axis the batch view answers {@code [from, W)} and the
 * speed view {@code [W, to)}, where W is the published batch watermark, stated in every answer.
 * W is a UTC day boundary and every bucket here is an hour or a day, so each bucket is answered
 * whole by one side: nothing is counted twice or missed at W. With Redis away, answers are the
 * batch part alone, marked {@code degraded}.
 */
public final class MergedViews
{
    public enum Metric { VIEWS, UNIQUE_VIEWERS }

    public enum Granularity
    {
        HOUR(ChronoUnit.HOURS), DAY(ChronoUnit.DAYS);

        final ChronoUnit unit;

        Granularity(ChronoUnit unit)
        {
            this.unit = unit;
        }
    }

    /** {@code speedCount} is null when the speed view could not be read ({@code degraded}). */
    public record ViewCount(long hotelId, long viewCount, long batchCount, Long speedCount, Instant watermark, boolean degraded) {}

    public record SeriesPoint(Instant start, Long value, String source) {}

    /** A time series and its summary over the buckets that have a value. */
    public record Series(long hotelId, String metric, String granularity, Instant from, Instant to, Instant watermark, boolean degraded,
            List<SeriesPoint> series, int count, long sum, Double avg) {}

    public record Ranking(Optional<String> city, int days, Instant from, Instant to, Instant watermark, boolean degraded, List<ViewCount> hotels) {}

    private final BatchViewHolder batch;
    private final SpeedView speed;
    private final Clock clock;
    private final Duration speedRetention;

    public MergedViews(BatchViewHolder batch, SpeedView speed, Clock clock, Duration speedRetention)
    {
        this.batch = batch;
        this.speed = speed;
        this.clock = clock;
        this.speedRetention = speedRetention;
    }

    /** All-time merged views of each hotel: every batch day before W, plus the speed view from W to now. */
    public List<ViewCount> counts(List<Long> hotelIds)
    {
        BatchView view = batchView();
        Instant now = clock.instant();
        Seam seam = Seam.at(view.watermark(), now, speedRetention);
        Optional<Map<Long, Long>> speedViews = readSpeed(() -> speed.views(hotelIds, Seam.hours(seam.speedFrom(), now)));
        return hotelIds.stream()
                .map(hotel -> merged(hotel, view.hotel(hotel).dailyViews().total(), speedViews.map(views -> views.get(hotel)), seam))
                .toList();
    }

    /** Merged views per hotel over the UTC days {@code [today - days + 1, today]}, highest first (ties by id), at most {@code limit}. */
    public Ranking top(Optional<String> city, int days, int limit)
    {
        BatchView view = batchView();
        Instant now = clock.instant();
        Seam seam = Seam.at(view.watermark(), now, speedRetention);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant from = today.minusDays(days - 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        long firstDay = today.minusDays(days - 1).toEpochDay();
        long batchEnd = view.watermark().map(w -> LocalDate.ofInstant(w, ZoneOffset.UTC).toEpochDay()).orElse(firstDay);
        Instant speedFrom = from.isAfter(seam.speedFrom()) ? from : seam.speedFrom();
        List<Long> hotels = view.activeHotels(city);
        Optional<Map<Long, Long>> speedViews = readSpeed(() -> speed.views(hotels, Seam.hours(speedFrom, now)));
        boolean gap = seam.gap() && from.isBefore(seam.speedFrom());
        List<ViewCount> ranked = hotels.stream()
                .map(hotel -> merged(hotel, view.hotel(hotel).dailyViews().sum(firstDay, batchEnd), speedViews.map(views -> views.get(hotel)), seam))
                .map(count -> gap ? new ViewCount(count.hotelId(), count.viewCount(), count.batchCount(), count.speedCount(), count.watermark(), true) : count)
                .sorted(Comparator.comparingLong(ViewCount::viewCount).reversed().thenComparingLong(ViewCount::hotelId))
                .limit(limit)
                .toList();
        return new Ranking(city, days, from, now, view.watermark().orElse(null), speedViews.isEmpty() || gap, ranked);
    }

    /** One hotel's series over {@code [from, to)}, both on {@code granularity}'s boundaries. */
    public Series series(long hotelId, Metric metric, Granularity granularity, Instant from, Instant to)
    {
        BatchView view = batchView();
        Instant now = clock.instant();
        Seam seam = Seam.at(view.watermark(), now, speedRetention);
        HotelHistory history = view.hotel(hotelId);
        List<Instant> starts = new ArrayList<>();
        for (Instant start = from; start.isBefore(to); start = start.plus(1, granularity.unit)) {
            starts.add(start);
        }
        Long[] values = new Long[starts.size()];
        String[] sources = new String[starts.size()];
        List<Integer> speedBuckets = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            Instant start = starts.get(i);
            if (seam.batchCovers(start.plus(1, granularity.unit))) {
                sources[i] = "batch";
                values[i] = batchValue(view, history, metric, granularity, start);
            }
            else if (seam.speedCovers(start)) {
                sources[i] = "speed";
                speedBuckets.add(i);
            }
            else {
                sources[i] = "none";
            }
        }
        boolean redisDown = false;
        if (!speedBuckets.isEmpty()) {
            List<List<String>> hours = speedBuckets.stream()
                    .map(i -> Seam.hours(starts.get(i), starts.get(i).plus(1, granularity.unit).minusMillis(1)))
                    .toList();
            Optional<List<Long>> speedValues = readSpeed(() -> speedValues(hotelId, metric, hours));
            redisDown = speedValues.isEmpty();
            for (int j = 0; j < speedBuckets.size(); j++) {
                values[speedBuckets.get(j)] = speedValues.isPresent() ? speedValues.get().get(j) : null;
            }
        }
        List<SeriesPoint> points = new ArrayList<>();
        int count = 0;
        long sum = 0;
        boolean missing = false;
        for (int i = 0; i < starts.size(); i++) {
            points.add(new SeriesPoint(starts.get(i), values[i], sources[i]));
            if (values[i] != null) {
                count++;
                sum += values[i];
            }
            else {
                missing = true;
            }
        }
        return new Series(hotelId, metric.name().toLowerCase(Locale.ROOT), granularity.name().toLowerCase(Locale.ROOT), from, to,
                view.watermark().orElse(null), redisDown || missing, points, count, sum, count == 0 ? null : (double) sum / count);
    }

    private List<Long> speedValues(long hotelId, Metric metric, List<List<String>> hours)
    {
        if (metric == Metric.UNIQUE_VIEWERS) {
            return speed.uniqueViewers(hotelId, hours);
        }
        List<String> all = hours.stream().flatMap(List::stream).toList();
        List<Long> hourly = speed.hourlyViews(hotelId, all);
        List<Long> sums = new ArrayList<>();
        int next = 0;
        for (List<String> bucket : hours) {
            long sum = 0;
            for (int k = 0; k < bucket.size(); k++) {
                sum += hourly.get(next++);
            }
            sums.add(sum);
        }
        return sums;
    }

    /** A batch bucket's value; null where the batch view holds no such number (hourly uniques, or hours older than it keeps). */
    private static Long batchValue(BatchView view, HotelHistory history, Metric metric, Granularity granularity, Instant start)
    {
        long epochHour = start.getEpochSecond() / 3600;
        if (granularity == Granularity.DAY) {
            long day = epochHour / 24;
            return metric == Metric.VIEWS ? history.dailyViews().at(day) : history.dailyUniqueViewers().at(day);
        }
        if (metric == Metric.UNIQUE_VIEWERS || start.isBefore(view.hourlyFrom().atStartOfDay(ZoneOffset.UTC).toInstant())) {
            return null;
        }
        return history.hourlyViews().at(epochHour);
    }

    private static ViewCount merged(long hotelId, long batchCount, Optional<Long> speedCount, Seam seam)
    {
        return new ViewCount(hotelId, batchCount + speedCount.orElse(0L), batchCount, speedCount.orElse(null),
                seam.watermark().orElse(null), speedCount.isEmpty() || seam.gap());
    }

    private BatchView batchView()
    {
        return batch.current().orElseThrow(() -> ProblemException.unavailable("the batch view is not loaded yet: PostgreSQL has not answered since start-up"));
    }

    /** The speed part, or empty when Redis is unavailable (the answer is then degraded). */
    private static <T> Optional<T> readSpeed(Supplier<T> read)
    {
        try {
            return Optional.of(read.get());
        }
        catch (CircuitBreaker.OpenException e) {
            return Optional.empty();
        }
    }
}
