package io.hotellambda.batch.bookings;

import io.hotellambda.schemas.BookingMetric;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_millis;

/**
 * The nightly booking numbers as pure transforms over archived {@code booking_events} rows
 * ({@code RawSchema}'s columns): per hotel, UTC hour of {@code received_at} and currency, each
 * {@link BookingMetric}, with every {@code event_id} counted once. An event's copies (the outbox
 * relay publishing it again after a crash) carry the {@code received_at} booking-app gave it when
 * it wrote the outbox row, so they all fall in the same hour of the same day: deduplicating
 * within the day is exact.
 */
public final class BookingEvents
{
    /** What one archived event adds: its id, hotel, hour, currency and one number per metric; {@code unreadable} when its payload did not decode. */
    static final StructType CONTRIBUTION = StructType.fromDDL(
            "event_id STRING, hotel_id BIGINT, hour INT, currency STRING, contribution ARRAY<BIGINT>, unreadable BOOLEAN");
    private static final long HOUR_MILLIS = 3_600_000;

    private BookingEvents() {}

    /** The valid booking events among archived rows, each as {@link #CONTRIBUTION}. */
    public static Dataset<Row> contributions(Dataset<Row> raw)
    {
        Column utcHour = pmod(floor(unix_millis(col("received_at")).divide(HOUR_MILLIS)), lit(24)).cast("int");
        return raw.where(col("error").isNull().and(col("event_id").isNotNull()))
                .select(col("event_id"), col("payload"), utcHour.as("hour"))
                .flatMap(new ContributionParser(), Encoders.row(CONTRIBUTION));
    }

    /** Each event once: of its copies, any one (they are the same event). */
    public static Dataset<Row> distinctEvents(Dataset<Row> contributions)
    {
        return contributions.dropDuplicates("event_id");
    }

    /**
     * Per hotel, hour and currency: every metric summed, and the net revenue (revenue less
     * refunds). The columns of the Hive table {@code daily_hotel_bookings}, without {@code dt}.
     */
    public static Dataset<Row> hotelHours(Dataset<Row> distinctEvents)
    {
        List<Column> sums = new ArrayList<>();
        for (BookingMetric metric : BookingMetric.values()) {
            sums.add(sum(col("contribution").getItem(metric.ordinal())).as(metric.column()));
        }
        List<Column> columns = new ArrayList<>(List.of(col("hotel_id"), col("hour"), col("currency")));
        Arrays.stream(BookingMetric.values()).forEach(metric -> columns.add(col(metric.column())));
        columns.add(col(BookingMetric.REVENUE_CENTS.column()).minus(col(BookingMetric.REFUND_CENTS.column())).as("net_revenue_cents"));
        return distinctEvents.where(col("hotel_id").isNotNull())
                .groupBy(col("hotel_id"), col("hour"), col("currency"))
                .agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new))
                .select(columns.toArray(Column[]::new));
    }
}
