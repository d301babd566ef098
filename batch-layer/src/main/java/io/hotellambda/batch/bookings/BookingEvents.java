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
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_millis;

/**
 * The nightly booking numbers as pure transforms over archived {@code booking_events} rows
 * ({@code RawSchema}'s columns): per hotel, UTC hour of {@code received_at} and currency, each
 * {@link BookingMetric}, with every {@code event_id} counted once, at its first copy. The outbox
 * relay stamps {@code received_at} when it sends, so a copy sent again after a relay crash has the
 * same id and a later {@code received_at}: a later hour, or a later day. Within the day the
 * earliest copy counts; a copy whose event was already sent on one of the days before
 * ({@link #LOOK_BACK_DAYS} of them) does not count again.
 */
public final class BookingEvents
{
    /** What one archived event adds: its id, hotel, hour, currency and one number per metric; {@code unreadable} when its payload did not decode. */
    static final StructType CONTRIBUTION = StructType.fromDDL(
            "event_id STRING, hotel_id BIGINT, hour INT, currency STRING, contribution ARRAY<BIGINT>, unreadable BOOLEAN");
    /**
     * How many days before the day the job looks for earlier copies of its events: a relay that
     * sends an event again more than this long after it first sent it has it counted twice.
     */
    public static final int LOOK_BACK_DAYS = 7;
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

    /**
     * Each event once, at its earliest copy of the day (the lowest hour; copies are the same event,
     * so they agree on everything else), and not at all if it was sent before the day:
     * {@code earlierIds} are the event ids of the days before ({@link #eventIds}).
     */
    public static Dataset<Row> firstCopies(Dataset<Row> contributions, Dataset<Row> earlierIds)
    {
        Dataset<Row> earliest = contributions
                .groupBy(col("event_id"))
                .agg(min(struct(col("hour"), col("hotel_id"), col("currency"), col("contribution"), col("unreadable"))).as("first"))
                .select(col("event_id"), col("first.hotel_id"), col("first.hour"), col("first.currency"), col("first.contribution"), col("first.unreadable"));
        return earliest.join(earlierIds, earliest.col("event_id").equalTo(earlierIds.col("earlier_id")), "left_anti");
    }

    /** The ids of the valid events among archived rows (only that column is read), as {@code earlier_id}. */
    public static Dataset<Row> eventIds(Dataset<Row> raw)
    {
        return raw.where(col("error").isNull().and(col("event_id").isNotNull())).select(col("event_id").as("earlier_id"));
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
