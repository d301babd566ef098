package io.hotellambda.batch.daily;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.shiftleft;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_millis;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * The nightly view counts as pure transforms over archived rows ({@code RawSchema}'s columns).
 * Exact: an {@code event_id} counts once, at its first acceptance. A client retry carries the same
 * id, hotel, viewer, country and device with a later {@code received_at}, so a retry just after
 * midnight of a view first accepted in the previous day's last hour is not counted again.
 * <p>
 * One pass, with no aggregation over the day's rows: each task sorts its rows by viewer and event
 * and counts them in order ({@link HotelDayCounter}). That needs each hotel's rows on one task:
 * {@link #byHotel} shuffles them there; the job avoids that shuffle by giving each task one Kafka
 * partition, which holds every row of its hotels, and {@link #splitHotels} tells when it did not.
 */
public final class DailyViews
{
    public static final String VIEWED = "hotel_viewed";
    private static final long HOUR_MILLIS = 3_600_000;

    /**
     * One hotel's day on one task, as flat rows (cheap to cache): one {@code total} row with its
     * views and unique viewers, and a row of views for each UTC hour, country and device it has views in.
     */
    static final StructType HOTEL_DAY = StructType.fromDDL(
            "hotel_id BIGINT, total BOOLEAN, hour INT, country STRING, device STRING, views BIGINT, unique_viewers BIGINT");

    private DailyViews() {}

    /**
     * The valid views among archived rows, in the columns {@link HotelDayCounter} reads:
     * {@code hotel_id, viewer_id, id_high, id_low} (the event id's halves, of either file version),
     * {@code country, device, received_at, before}.
     *
     * @param before whether the rows were accepted before the day (the previous day's last hour),
     *         which only stop their events' retries from counting
     */
    public static Dataset<Row> countable(Dataset<Row> raw, boolean before)
    {
        return raw.where(col("error").isNull().and(col("event_type").equalTo(VIEWED)))
                .select(col("hotel_id"), col("viewer_id"), RawColumns.idHigh().as("id_high"), RawColumns.idLow().as("id_low"),
                        col("country"), col("device"), col("received_at"), lit(before).as("before"));
    }

    /** Countable rows moved so that each hotel's rows are on one task, for when they are not. */
    public static Dataset<Row> byHotel(Dataset<Row> countable)
    {
        return countable.repartition(col("hotel_id"));
    }

    /**
     * Per hotel on each task: views, exact unique viewers and the breakdown. Correct when every
     * hotel's rows are on one task; {@link #splitHotels} finds the hotels for which they were not.
     */
    public static Dataset<Row> hotelDays(Dataset<Row> countable)
    {
        // one long key, so Spark radix-sorts it: the hotel id, then 16 bits of a hash of the
        // viewer, then 16 of the event id. Equal keys hold an event's rows, so the counter only
        // ever sorts a handful of rows itself, however many views one viewer has; a viewer's rows
        // at a hotel stay within one stretch of 2^16 keys. (Hotel ids 2^32 apart share keys,
        // which the counter's order sorts out.)
        Column key = shiftleft(col("hotel_id"), 32)
                .bitwiseOR(shiftleft(xxhash64(col("viewer_id")).bitwiseAND(lit(0xFFFFL)), 16))
                .bitwiseOR(xxhash64(col("id_high"), col("id_low")).bitwiseAND(lit(0xFFFFL)));
        Column utcHour = pmod(floor(unix_millis(col("received_at")).divide(HOUR_MILLIS)), lit(24)).cast("int");
        return countable.withColumn("key", key)
                .sortWithinPartitions(col("key"))
                .select(col("hotel_id"), col("viewer_id"), col("id_high"), col("id_low"), col("country"), col("device"), utcHour.as("hour"), col("before"), col("key"))
                .mapPartitions(new HotelDayCounter(), Encoders.row(HOTEL_DAY));
    }

    /** Hotels counted on more than one task, at most {@code limit} of them; none when the counts are exact. */
    public static List<Long> splitHotels(Dataset<Row> hotelDays, int limit)
    {
        return hotelDays.where(col("total")).groupBy(col("hotel_id")).count().where(col("count").gt(1)).select(col("hotel_id"))
                .limit(limit).as(Encoders.LONG()).collectAsList();
    }

    /** Per hotel, UTC hour, country and device: views. Sums give views by any of them. */
    public static Dataset<Row> breakdown(Dataset<Row> hotelDays)
    {
        return hotelDays.where(not(col("total"))).select(col("hotel_id"), col("hour"), col("country"), col("device"), col("views"));
    }

    /** Per hotel and UTC hour with views: views, summed from {@link #breakdown}'s rows. */
    public static Dataset<Row> hourlyViews(Dataset<Row> breakdown)
    {
        return breakdown.groupBy(col("hotel_id"), col("hour")).agg(sum(col("views")));
    }

    /** Per hotel with views: views and exact unique viewers. */
    public static Dataset<Row> hotelTotals(Dataset<Row> hotelDays)
    {
        return hotelDays.where(col("total").and(col("views").gt(0))).select(col("hotel_id"), col("views"), col("unique_viewers"));
    }
}
