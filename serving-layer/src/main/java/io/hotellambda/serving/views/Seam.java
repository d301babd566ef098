package io.hotellambda.serving.views;

import io.hotellambda.schemas.SpeedCounter;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where one answer's batch part ends and its speed part begins, on the {@code received_at} axis:
 * the batch answers {@code [.., W)}, the speed layer {@code [W, now]}. The speed layer's keys live
 * {@code retention}, so when W is older than that (the batch is days behind), the hours in
 * {@code [W, speedFrom)} are known to neither and {@link #gap} says so.
 *
 * @param speedFrom the first instant (an hour boundary) the speed part covers
 */
record Seam(Optional<Instant> watermark, Instant speedFrom, boolean gap)
{
    static Seam at(Optional<Instant> watermark, Instant now, Duration retention)
    {
        Instant oldestKept = now.minus(retention).truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        if (watermark.isEmpty()) {
            return new Seam(watermark, oldestKept, false);
        }
        Instant w = watermark.get();
        return w.isBefore(oldestKept) ? new Seam(watermark, oldestKept, true) : new Seam(watermark, w, false);
    }

    /** Whether the whole of {@code [start, end)} is before W: the batch answers it. */
    boolean batchCovers(Instant end)
    {
        return watermark.isPresent() && !end.isAfter(watermark.get());
    }

    /** Whether the speed layer answers {@code [start, ..)}. */
    boolean speedCovers(Instant start)
    {
        return !start.isBefore(speedFrom);
    }

    /** Hour bucket names ({@code yyyyMMddHH}) of every hour from {@code from} (an hour boundary) up to the hour holding {@code until}, inclusive. */
    static List<String> hours(Instant from, Instant until)
    {
        List<String> hours = new ArrayList<>();
        for (Instant hour = from; !hour.isAfter(until); hour = hour.plus(1, ChronoUnit.HOURS)) {
            hours.add(SpeedCounter.Bucket.HOUR.of(hour));
        }
        return hours;
    }
}
