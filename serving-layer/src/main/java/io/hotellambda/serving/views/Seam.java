package io.hotellambda.serving.views;

import io.hotellambda.schemas.SpeedCounter;
import io.hotellambda.serving.batch.BatchView;
import io.hotellambda.serving.speed.SpeedBuckets;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which side answers each hour of one answer, on the {@code received_at} axis. The batch answers
 * the days it computed before the watermark W: normally every day from its first run up to W,
 * since W moves only over consecutive complete days. The speed layer answers every other hour its
 * keys still hold: from W on, and any day before W that the batch never computed, such as the days
 * before the batch's first run. Its keys live {@code retention}; when W is older than that (the
 * batch is days behind), the hours between W and the oldest key are known to neither side, and
 * {@link #gap} says so.
 *
 * @param speedFrom the oldest hour whose speed keys are surely still held
 */
public record Seam(Optional<Instant> watermark, Set<Long> batchDays, Instant speedFrom, boolean gap, Instant now)
{
    public enum Source { BATCH, SPEED, NONE }

    static Seam of(BatchView view, Instant now, Duration retention)
    {
        return of(view.watermark(), view.batchDays(), now, retention);
    }

    /** {@code batchDays}: the epoch days the batch computed before {@code watermark}. */
    public static Seam of(Optional<Instant> watermark, Set<Long> batchDays, Instant now, Duration retention)
    {
        Instant speedFrom = now.minus(retention).truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        boolean gap = watermark.map(w -> w.isBefore(speedFrom)).orElse(false);
        return new Seam(watermark, batchDays, speedFrom, gap, now);
    }

    /** The side that answers the hour or day starting at {@code start}: a day's buckets are never split. */
    public Source sourceOf(Instant start)
    {
        if (batchDays.contains(epochDay(start))) {
            return Source.BATCH;
        }
        return start.isBefore(speedFrom) ? Source.NONE : Source.SPEED;
    }

    /**
     * The speed layer's buckets of {@code [from, until]} ({@code from} an hour boundary, {@code until}
     * inclusive): a day it answers whole is one daily counter; the rest are hours. A day's counter
     * holds the whole day so far, so it stands for the day only when the range runs to the day's
     * end or to now.
     */
    public SpeedBuckets speedBuckets(Instant from, Instant until)
    {
        Instant start = from.isBefore(speedFrom) ? speedFrom : from;
        List<String> days = new ArrayList<>();
        List<String> hours = new ArrayList<>();
        for (Instant day = start.truncatedTo(ChronoUnit.DAYS); !day.isAfter(until); day = day.plus(1, ChronoUnit.DAYS)) {
            if (batchDays.contains(epochDay(day))) {
                // the batch answers this day, whole
                continue;
            }
            Instant end = day.plus(1, ChronoUnit.DAYS);
            if (!day.isBefore(start) && (!until.isBefore(end.minusMillis(1)) || !until.isBefore(now))) {
                days.add(SpeedCounter.Bucket.DAY.of(day));
                continue;
            }
            // from speedFrom on, every hour of a day the batch does not answer is the speed layer's
            for (Instant hour = day.isBefore(start) ? start : day; hour.isBefore(end) && !hour.isAfter(until); hour = hour.plus(1, ChronoUnit.HOURS)) {
                hours.add(SpeedCounter.Bucket.HOUR.of(hour));
            }
        }
        return new SpeedBuckets(days, hours);
    }

    /** Every speed hour of {@code [from, until]}, for what only hour keys hold (unique viewers, hourly series). */
    public List<String> speedHours(Instant from, Instant until)
    {
        List<String> hours = new ArrayList<>();
        for (Instant hour = from.isBefore(speedFrom) ? speedFrom : from; !hour.isAfter(until); hour = hour.plus(1, ChronoUnit.HOURS)) {
            if (sourceOf(hour) == Source.SPEED) {
                hours.add(SpeedCounter.Bucket.HOUR.of(hour));
            }
        }
        return hours;
    }

    private static long epochDay(Instant instant)
    {
        return Math.floorDiv(instant.getEpochSecond(), 86_400);
    }
}
