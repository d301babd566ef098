package io.hotellambda.serving.views;

import io.hotellambda.schemas.SpeedCounter;
import io.hotellambda.serving.batch.BatchView;

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
record Seam(Optional<Instant> watermark, Set<Long> batchDays, Instant speedFrom, boolean gap)
{
    enum Source { BATCH, SPEED, NONE }

    static Seam of(BatchView view, Instant now, Duration retention)
    {
        Instant speedFrom = now.minus(retention).truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        boolean gap = view.watermark().map(w -> w.isBefore(speedFrom)).orElse(false);
        return new Seam(view.watermark(), view.batchDays(), speedFrom, gap);
    }

    /** The side that answers the hour or day starting at {@code start}: a day's buckets are never split. */
    Source sourceOf(Instant start)
    {
        if (batchDays.contains(epochDay(start))) {
            return Source.BATCH;
        }
        return start.isBefore(speedFrom) ? Source.NONE : Source.SPEED;
    }

    /** The speed layer's hours ({@code yyyyMMddHH}) from {@code from} (an hour boundary) up to the hour holding {@code until}. */
    List<String> speedHours(Instant from, Instant until)
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
