package io.hotellambda.batch.daily;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

/**
 * The nightly view counts as pure transforms over archived rows ({@code RawSchema}'s columns).
 * Exact: an {@code event_id} counts once, at its first acceptance ({@code min(received_at)}). A
 * client retry carries the same id with a later {@code received_at}, so a retry just after
 * midnight of a view first accepted in the previous day's last hour is not counted again.
 * <p>
 * Every aggregation keeps fixed-width buffers (counts, minimum timestamps), which Spark runs as
 * hash aggregations; a retry repeats its event's country and device, so they are part of the
 * deduplication key rather than carried in a {@code first()} buffer.
 */
public final class DailyViews
{
    public static final String VIEWED = "hotel_viewed";

    private DailyViews() {}

    /**
     * The day's valid view rows that were not already accepted in the previous day's last hour:
     * {@code hotel_id, event_id, received_at, viewer_id, country, device}; retries within the day remain.
     *
     * @param day the day's archived rows
     * @param previousLastHour the archived rows of the hour before the day (may be empty)
     */
    public static Dataset<Row> views(Dataset<Row> day, Dataset<Row> previousLastHour)
    {
        Dataset<Row> seenBefore = valid(previousLastHour).select(col("hotel_id"), col("event_id"));
        return valid(day)
                .select(col("hotel_id"), col("event_id"), col("received_at"), col("viewer_id"), col("country"), col("device"))
                .join(broadcast(seenBefore), new String[] {"hotel_id", "event_id"}, "left_anti");
    }

    /** Per hotel, UTC hour, country and device: views, each {@code event_id} once. Sums give views by any of them. */
    public static Dataset<Row> breakdown(Dataset<Row> views)
    {
        return views.groupBy(col("hotel_id"), col("event_id"), col("country"), col("device"))
                .agg(min(col("received_at")).as("received_at"))
                .groupBy(col("hotel_id"), hour(col("received_at")).as("hour"), col("country"), col("device"))
                .agg(count(lit(1)).as("views"));
    }

    /** Per hotel: views (from the breakdown) and exact unique viewers (a retry repeats its viewer, so it adds none). */
    public static Dataset<Row> hotelTotals(Dataset<Row> breakdown, Dataset<Row> views)
    {
        Dataset<Row> viewsPerHotel = breakdown.groupBy(col("hotel_id")).agg(sum(col("views")).as("views"));
        Dataset<Row> viewers = views.groupBy(col("hotel_id")).agg(countDistinct(col("viewer_id")).as("unique_viewers"));
        return viewsPerHotel.join(viewers, "hotel_id")
                .select(col("hotel_id"), col("views"), col("unique_viewers"));
    }

    private static Dataset<Row> valid(Dataset<Row> raw)
    {
        return raw.where(col("error").isNull().and(col("event_type").equalTo(VIEWED)));
    }
}
