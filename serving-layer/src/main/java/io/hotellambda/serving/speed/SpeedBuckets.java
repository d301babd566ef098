package io.hotellambda.serving.speed;

import java.util.List;

/**
 * The speed layer's buckets that make up one range: whole days ({@code yyyyMMdd}, read from the
 * daily views counter) and single hours ({@code yyyyMMddHH}) where only part of a day is wanted.
 */
public record SpeedBuckets(List<String> days, List<String> hours)
{
    public SpeedBuckets
    {
        days = List.copyOf(days);
        hours = List.copyOf(hours);
    }

    public int size()
    {
        return days.size() + hours.size();
    }
}
