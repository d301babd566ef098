package io.hotellambda.batch.daily;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

/**
 * The nightly view counts as pure transforms over archived rows ({@code RawSchema}'s columns).
 * Exact: an {@code event_id} counts once, at its first acceptance. A client retry carries the same
 * id with a later {@code received_at}, so a retry just after midnight is matched against the
 * previous day's last hour. Rows are shuffled once, by hotel; every step after that stays within
 * a hotel's partition.
 */
public final class DailyViews
{
    public static final String VIEWED = "hotel_viewed";

    private DailyViews() {}

    /**
     * One row per counted view of the day: {@code hotel_id, event_id, received_at, viewer_id, country, device}.
     *
     * @param day the day's archived view rows
     * @param previousLastHour the archived view rows of the hour before the day (may be empty)
     */
    public static Dataset<Row> countedViews(Dataset<Row> day, Dataset<Row> previousLastHour, int partitions)
    {
        Dataset<Row> seenBefore = valid(previousLastHour)
                .select(col("hotel_id"), col("event_id"))
                .repartition(partitions, col("hotel_id"));
        return valid(day)
                .select(col("hotel_id"), col("event_id"), col("received_at"), col("viewer_id"), col("country"), col("device"))
                .repartition(partitions, col("hotel_id"))
                .groupBy(col("hotel_id"), col("event_id"))
                .agg(min("received_at").as("received_at"),
                        first("viewer_id").as("viewer_id"),
                        first("country").as("country"),
                        first("device").as("device"))
                .join(seenBefore, new String[] {"hotel_id", "event_id"}, "left_anti");
    }

    /** Per hotel: views and exact unique viewers. */
    public static Dataset<Row> hotelTotals(Dataset<Row> countedViews)
    {
        return countedViews.groupBy(col("hotel_id"))
                .agg(count(lit(1)).as("views"), countDistinct(col("viewer_id")).as("unique_viewers"));
    }

    /** Per hotel, UTC hour, country and device: views. Sums over any of these give views by the others. */
    public static Dataset<Row> breakdown(Dataset<Row> countedViews)
    {
        return countedViews.groupBy(col("hotel_id"), hour(col("received_at")).as("hour"), col("country"), col("device"))
                .agg(count(lit(1)).as("views"));
    }

    private static Dataset<Row> valid(Dataset<Row> raw)
    {
        return raw.where(col("error").isNull().and(col("event_type").equalTo(VIEWED)));
    }
}
