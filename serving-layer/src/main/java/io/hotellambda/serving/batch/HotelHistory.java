package io.hotellambda.serving.batch;

import static java.util.Objects.requireNonNull;

/**
 * One hotel's batch numbers before the watermark: views and unique viewers per UTC day (buckets
 * are epoch days), and views per UTC hour (epoch hours) for the recent days the view keeps.
 */
public record HotelHistory(BucketCounts dailyViews, BucketCounts dailyUniqueViewers, BucketCounts hourlyViews)
{
    public static final HotelHistory NONE = new HotelHistory(BucketCounts.NONE, BucketCounts.NONE, BucketCounts.NONE);

    public HotelHistory
    {
        requireNonNull(dailyViews, "dailyViews is null");
        requireNonNull(dailyUniqueViewers, "dailyUniqueViewers is null");
        requireNonNull(hourlyViews, "hourlyViews is null");
    }
}
