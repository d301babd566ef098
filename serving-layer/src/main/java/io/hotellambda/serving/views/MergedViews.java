package io.hotellambda.serving.views;

import io.hotellambda.serving.Granularity;

import io.hotellambda.http.ProblemException;
import io.hotellambda.schemas.ValidationException;
import io.hotellambda.serving.batch.BatchView;
import io.hotellambda.serving.batch.BatchViewHolder;
import io.hotellambda.serving.batch.HotelHistory;
import io.hotellambda.serving.speed.CircuitBreaker;
import io.hotellambda.serving.speed.SpeedBuckets;
import io.hotellambda.serving.speed.SpeedView;
import io.hotellambda.serving.views.Seam.Source;

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
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The merge rule: on the {@code received_at} axis the batch view answers {@code [from, W)} and the
 * speed view {@code [W, to)}, where W is the published batch watermark, stated in every answer.
 * W is a UTC day boundary and every bucket here is an hour or a day, so each bucket is answered
 * whole by one side ({@link Seam}): nothing is counted twice or missed at W. With Redis away,
 * answers are the batch part alone, marked {@code degraded}.
 */
public final class MergedViews
{
    public enum Metric { VIEWS, UNIQUE_VIEWERS }


    /** {@code speedCount} is null when the speed view could not be read ({@code degraded}). */
    public record ViewCount(long hotelId, long viewCount, long batchCount, Long speedCount, Instant watermark, boolean degraded) {}

    /**
     * Merged views of several hotels at one W, in primitive arrays: a 1,000-hotel answer needs no
     * object per hotel. {@code speedCounts} is null when the speed view could not be read.
     */
    public record ViewCounts(Instant watermark, boolean degraded, long[] hotelIds, long[] batchCounts, long[] speedCounts)
    {
        public int size()
        {
            return hotelIds.length;
        }

        public ViewCount get(int i)
        {
            Long speedCount = speedCounts == null ? null : speedCounts[i];
            return new ViewCount(hotelIds[i], viewCount(i), batchCounts[i], speedCount, watermark, degraded);
        }

        public long viewCount(int i)
        {
            return batchCounts[i] + (speedCounts == null ? 0 : speedCounts[i]);
        }
    }

    /** One bucket; {@code value} is null where its side holds no such number, or could not be read. */
    public record SeriesPoint(Instant start, Long value, String source) {}

    /** A time series and its summary over the buckets that have a value. */
    public record Series(long hotelId, String metric, String granularity, Instant from, Instant to, Instant watermark, boolean degraded,
            List<SeriesPoint> series, int count, long sum, Double avg) {}

    public record Ranking(String city, int days, Instant from, Instant to, Instant watermark, boolean degraded, List<ViewCount> hotels) {}

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

    /** All-time merged views of each hotel: the batch's days, plus the speed layer's hours that the batch does not answer. */
    public ViewCounts counts(long[] hotelIds)
    {
        BatchView view = batchView();
        Instant now = clock.instant();
        Seam seam = Seam.of(view, now, speedRetention);
        long[] speedViews = readSpeed(() -> speed.views(hotelIds, seam.speedBuckets(seam.speedFrom(), now))).orElse(null);
        long[] batchCounts = new long[hotelIds.length];
        for (int i = 0; i < hotelIds.length; i++) {
            batchCounts[i] = view.totalViews(hotelIds[i]);
        }
        return new ViewCounts(seam.watermark().orElse(null), speedViews == null || seam.gap() || speed.isStale(), hotelIds, batchCounts, speedViews);
    }

    /** Merged views per hotel over the UTC days {@code [today - days + 1, today]}, highest first (ties by id), at most {@code limit}. */
    public Ranking top(Optional<String> city, int days, int limit)
    {
        Recent recent = recent(batch.catalog().activeHotels(city), days);
        ViewCounts counts = recent.counts();
        List<ViewCount> ranked = IntStream.range(0, counts.size()).boxed()
                .sorted(Comparator.comparingLong(counts::viewCount).reversed().thenComparingLong(i -> counts.hotelIds()[i]))
                .limit(limit)
                .map(counts::get)
                .toList();
        return new Ranking(city.orElse(null), days, recent.from(), recent.now(), recent.batchWatermark(), counts.degraded(), ranked);
    }

    /** Merged views of {@code hotelIds} over the UTC days {@code [today - days + 1, today]}, in the order asked. */
    public ViewCounts recentCounts(long[] hotelIds, int days)
    {
        return recent(hotelIds, days).counts();
    }

    private record Recent(ViewCounts counts, Instant from, Instant now, Instant batchWatermark) {}

    private Recent recent(long[] ids, int days)
    {
        BatchView view = batchView();
        Instant now = clock.instant();
        Seam seam = Seam.of(view, now, speedRetention);
        LocalDate first = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(days - 1);
        Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        requireHeld(view, seam, from, "days[%s]".formatted(days));
        long[] speedViews = readSpeed(() -> speed.views(ids, seam.speedBuckets(from, now))).orElse(null);
        boolean gap = seam.gap() && from.isBefore(seam.speedFrom());
        long[] batchCounts = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            batchCounts[i] = view.hotel(ids[i]).dailyViews().sum(first.toEpochDay(), first.toEpochDay() + days);
        }
        ViewCounts counts = new ViewCounts(seam.watermark().orElse(null), speedViews == null || gap || speed.isStale(), ids, batchCounts, speedViews);
        return new Recent(counts, from, now, view.watermark().orElse(null));
    }

    /** One hotel's series over {@code [from, to)}, both on {@code granularity}'s boundaries. */
    public Series series(long hotelId, Metric metric, Granularity granularity, Instant from, Instant to)
    {
        BatchView view = batchView();
        Seam seam = Seam.of(view, clock.instant(), speedRetention);
        List<Instant> starts = new ArrayList<>();
        for (Instant start = from; start.isBefore(to); start = start.plus(1, granularity.unit())) {
            starts.add(start);
        }
        if (granularity == Granularity.DAY) {
            requireHeld(view, seam, from, "from[%s]".formatted(from));
        }
        List<Instant> speedStarts = starts.stream().filter(start -> seam.sourceOf(start) == Source.SPEED).toList();
        Optional<List<Long>> speedValues = speedStarts.isEmpty() ? Optional.of(List.of())
                : readSpeed(() -> speedValues(seam, hotelId, metric, speedStarts, granularity));

        HotelHistory history = view.hotel(hotelId);
        List<SeriesPoint> points = new ArrayList<>();
        int count = 0;
        long sum = 0;
        int nextSpeed = 0;
        for (Instant start : starts) {
            Source source = seam.sourceOf(start);
            int speedIndex = source == Source.SPEED ? nextSpeed++ : -1;
            Long value = switch (source) {
                case BATCH -> batchValue(view, history, metric, granularity, start);
                case SPEED -> speedValues.map(values -> values.get(speedIndex)).orElse(null);
                case NONE -> null;
            };
            points.add(new SeriesPoint(start, value, source.name().toLowerCase(Locale.ROOT)));
            if (value != null) {
                count++;
                sum += value;
            }
        }
        return new Series(hotelId, metric.name().toLowerCase(Locale.ROOT), granularity.name().toLowerCase(Locale.ROOT), from, to,
                view.watermark().orElse(null), count < starts.size() || (!speedStarts.isEmpty() && speed.isStale()), points, count, sum, count == 0 ? null : (double) sum / count);
    }

    /** Per bucket: its views, or the union of its hours' HyperLogLogs. */
    private List<Long> speedValues(Seam seam, long hotelId, Metric metric, List<Instant> starts, Granularity granularity)
    {
        if (metric == Metric.UNIQUE_VIEWERS) {
            return speed.uniqueViewers(hotelId, starts.stream().map(start -> seam.speedHours(start, start.plus(1, granularity.unit()).minusMillis(1))).toList());
        }
        return speed.views(hotelId, starts.stream().map(start -> granularity == Granularity.HOUR
                ? new SpeedBuckets(List.of(), seam.speedHours(start, start))
                : seam.speedBuckets(start, start.plus(1, granularity.unit()).minusMillis(1))).toList());
    }

    /** A batch bucket's value; null where the batch view holds no such number (hourly uniques, or hours older than it keeps). */
    private static Long batchValue(BatchView view, HotelHistory history, Metric metric, Granularity granularity, Instant start)
    {
        long epochHour = Math.floorDiv(start.getEpochSecond(), 3600);
        if (granularity == Granularity.DAY) {
            long day = Math.floorDiv(epochHour, 24);
            return metric == Metric.VIEWS ? history.dailyViews().at(day) : history.dailyUniqueViewers().at(day);
        }
        if (metric == Metric.UNIQUE_VIEWERS || start.isBefore(view.hourlyFrom().atStartOfDay(ZoneOffset.UTC).toInstant())) {
            return null;
        }
        return history.hourlyViews().at(epochHour);
    }

    /**
     * A problem when the batch would answer a day before the window of days this serving layer
     * holds: those numbers are in Hive ({@code daily_hotel_views}), not here.
     */
    private static void requireHeld(BatchView view, Seam seam, Instant from, String asked)
    {
        Instant held = view.daysFrom().atStartOfDay(ZoneOffset.UTC).toInstant();
        boolean batchDayBefore = false;
        for (Instant day = from.truncatedTo(ChronoUnit.DAYS); day.isBefore(held) && !batchDayBefore; day = day.plus(1, ChronoUnit.DAYS)) {
            batchDayBefore = seam.sourceOf(day) == Source.BATCH;
        }
        if (batchDayBefore) {
            throw new ValidationException("%s reaches before %s, the first day the serving layer holds (batch.days); query older days in Hive, table daily_hotel_views"
                    .formatted(asked, view.daysFrom()));
        }
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
