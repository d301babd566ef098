package io.hotellambda.batch.bookings;

import io.hotellambda.batch.daily.RawColumns;
import io.hotellambda.schemas.BookingMetric;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.shiftright;
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
    /**
     * What one archived event adds: its id (a UUID, as its two halves: {@link RawColumns#idHigh}), hotel, hour,
     * currency (packed into an int by {@link #packCurrency}) and one number per
     * {@link BookingMetric}, in a column named by it; {@code unreadable} when its payload did not
     * decode. Every column is fixed-width, so Spark deduplicates and sums them in hash
     * aggregations keyed by numbers, not strings, and shuffles 16 bytes of id, not 36.
     */
    static final StructType CONTRIBUTION = contribution();
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
        return raw.where(col("error").isNull().and(RawColumns.hasId()))
                // the payload's UTF-8 bytes as stored, for the parser: no String decoded only to be encoded again
                .select(RawColumns.idHigh(), RawColumns.idLow(), col("payload").cast("binary").as("payload"), utcHour.as("hour"), col("event_type"))
                .flatMap(new ContributionParser(), Encoders.row(CONTRIBUTION));
    }

    /**
     * Each event once, at its earliest copy of the day (the lowest hour; copies are the same event,
     * so they agree on everything else, and any copy's numbers are the event's), and not at all if
     * it was sent before the day: {@code earlierIds} are the event ids of the days before
     * ({@link #eventIds}).
     */
    public static Dataset<Row> firstCopies(Dataset<Row> contributions, Dataset<Row> earlierIds)
    {
        List<Column> columns = new ArrayList<>(List.of(max(col("hotel_id")).as("hotel_id"), max(col("currency")).as("currency")));
        Arrays.stream(BookingMetric.values()).forEach(metric -> columns.add(max(col(metric.column())).as(metric.column())));
        columns.add(max(col("unreadable")).as("unreadable"));
        Dataset<Row> earliest = contributions
                .groupBy(col("id_high"), col("id_low"))
                .agg(min(col("hour")).as("hour"), columns.toArray(Column[]::new));
        return earliest.join(earlierIds, earliest.col("id_high").equalTo(earlierIds.col("earlier_high")).and(earliest.col("id_low").equalTo(earlierIds.col("earlier_low"))),
                "left_anti");
    }

    /**
     * The ids of the valid events among archived rows (only the id columns are read), as their
     * halves in {@code earlier_high} and {@code earlier_low}.
     */
    public static Dataset<Row> eventIds(Dataset<Row> raw)
    {
        return raw.where(col("error").isNull().and(RawColumns.hasId()))
                .select(RawColumns.idHigh().as("earlier_high"), RawColumns.idLow().as("earlier_low"));
    }

    /**
     * Per hotel, hour, currency and readability: how many events, every metric summed, and the
     * net revenue (revenue less refunds). The rows with a hotel that are not {@code unreadable},
     * without those two columns, are the Hive table {@code daily_hotel_bookings} (without
     * {@code dt}); the others count the events that add nothing (a completed stay, a late payment
     * sent back: no hotel) and those that did not decode. One row per group: small enough to
     * collect.
     */
    public static Dataset<Row> hourGroups(Dataset<Row> distinctEvents)
    {
        List<Column> sums = new ArrayList<>();
        sums.add(count(lit(1)).as("events"));
        for (BookingMetric metric : BookingMetric.values()) {
            sums.add(sum(col(metric.column())).as(metric.column()));
        }
        List<Column> columns = new ArrayList<>(List.of(col("unreadable"), col("events"), col("hotel_id"), col("hour"), unpackCurrency(col("currency")).as("currency")));
        Arrays.stream(BookingMetric.values()).forEach(metric -> columns.add(col(metric.column())));
        columns.add(col(BookingMetric.REVENUE_CENTS.column()).minus(col(BookingMetric.REFUND_CENTS.column())).as("net_revenue_cents"));
        return distinctEvents
                .groupBy(col("unreadable"), col("hotel_id"), col("hour"), col("currency"))
                .agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new))
                .select(columns.toArray(Column[]::new));
    }

    /** An ISO 4217 code (three letters A to Z) as one int: each letter's code in a byte. */
    static int packCurrency(String currency)
    {
        return currency.charAt(0) << 16 | currency.charAt(1) << 8 | currency.charAt(2);
    }

    private static Column unpackCurrency(Column packed)
    {
        return concat(chr(shiftright(packed, 16)), chr(pmod(shiftright(packed, 8), lit(256))), chr(pmod(packed, lit(256))));
    }

    private static Column chr(Column code)
    {
        return call_function("chr", code);
    }

    private static StructType contribution()
    {
        StructType schema = StructType.fromDDL("id_high BIGINT, id_low BIGINT, hotel_id BIGINT, hour INT, currency INT");
        for (BookingMetric metric : BookingMetric.values()) {
            schema = schema.add(metric.column(), DataTypes.LongType, false);
        }
        return schema.add("unreadable", DataTypes.BooleanType, false);
    }
}
