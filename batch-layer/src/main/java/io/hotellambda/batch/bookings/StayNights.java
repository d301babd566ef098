package io.hotellambda.batch.bookings;

import io.hotellambda.schemas.EventType;
import io.hotellambda.schemas.ReservationCancelled;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

/**
 * The stay-date axis as pure transforms over every archived {@code booking_events} row up to a day
 * (the {@code as_of} day): which reservations were confirmed and not cancelled by the day's end,
 * spread over their nights (a room type's stay date, the hotel's local date), each night's rooms and
 * revenue (one room's price of the night times the rooms), then against the capacity the day's
 * snapshots saw: occupancy = rooms sold / capacity, ADR = room revenue / rooms sold, RevPAR = room
 * revenue / capacity. Events count at their first copy; a cancellation that returns a late payment
 * ({@link ReservationCancelled#returnsLatePayment}) cancels no stay.
 */
public final class StayNights
{
    static final StructType PAYLOAD = StructType.fromDDL("""
            type STRING, hotel_id BIGINT, reservation_id STRING, room_type_id BIGINT, check_in DATE, rooms INT,
            night_prices_cents ARRAY<BIGINT>, currency STRING, reason STRING""");

    private StayNights() {}

    /**
     * Per reservation that was ever confirmed: its hotel, room type, first night, rooms, nightly
     * prices and currency, when it was confirmed ({@code confirmed_at}) and when cancelled
     * ({@code cancelled_at}, null if never), both at the events' first copies.
     */
    public static Dataset<Row> reservations(Dataset<Row> raw)
    {
        Column late = col("p.reason").startsWith(ReservationCancelled.LATE_PAYMENT_REASON_PREFIX);
        Dataset<Row> events = raw.where(col("error").isNull().and(col("event_type").isin(EventType.RESERVATION_CONFIRMED.typeName(),
                        EventType.RESERVATION_CANCELLED.typeName())))
                .select(col("received_at"), from_json(col("payload"), PAYLOAD).as("p"))
                .where(col("p.type").equalTo(lit(EventType.RESERVATION_CONFIRMED.typeName())).or(late.isNull().or(late.equalTo(lit(false)))))
                .select(col("received_at"), col("p.*"));
        // copies of an event agree on everything but received_at: the earliest confirmation and
        // cancellation of a reservation are its events' first copies, with no shuffle by event_id
        Column confirmed = col("type").equalTo(lit(EventType.RESERVATION_CONFIRMED.typeName()));
        return events.groupBy(col("reservation_id"))
                .agg(min(when(confirmed, col("received_at"))).as("confirmed_at"),
                        min(when(confirmed.equalTo(lit(false)), col("received_at"))).as("cancelled_at"),
                        first(when(confirmed, col("hotel_id")), true).as("hotel_id"),
                        first(when(confirmed, col("room_type_id")), true).as("room_type_id"),
                        first(when(confirmed, col("check_in")), true).as("check_in"),
                        first(when(confirmed, col("rooms")), true).as("rooms"),
                        first(when(confirmed, col("night_prices_cents")), true).as("night_prices_cents"),
                        first(when(confirmed, col("currency")), true).as("currency"))
                .where(col("confirmed_at").isNotNull().and(col("night_prices_cents").isNotNull()));
    }

    /** Per hotel, room type, stay date and currency: the rooms sold and their revenue as of {@code asOf}'s end. */
    public static Dataset<Row> soldNights(Dataset<Row> reservations, LocalDate asOf)
    {
        Timestamp end = Timestamp.from(asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        return reservations
                .where(col("confirmed_at").lt(lit(end)).and(col("cancelled_at").isNull().or(col("cancelled_at").geq(lit(end)))))
                .select(col("hotel_id"), col("room_type_id"), col("check_in"), col("rooms"), col("currency"), posexplode(col("night_prices_cents")).as(new String[] {"night", "price"}))
                .groupBy(col("hotel_id"), col("room_type_id"), date_add(col("check_in"), col("night")).as("stay_date"), col("currency"))
                .agg(sum(col("rooms")).cast("bigint").as("rooms_sold"), sum(col("price").multiply(col("rooms"))).cast("bigint").as("room_revenue_cents"));
    }

    /**
     * The capacity each stay date had as {@code asOf} saw it, from the {@link InventorySnapshot}s
     * ({@code hotel_id, room_type_id, stay_date, currency, capacity, dt}): a night up to the day
     * from the snapshot of that night's own day (its last day on sale), a later night from the
     * day's. A night no snapshot holds (from before the platform took them) has no capacity.
     */
    public static Dataset<Row> capacity(Dataset<Row> snapshots, LocalDate asOf)
    {
        Column day = to_date(col("dt"));
        return snapshots.where(day.leq(lit(asOf.toString()).cast("date")))
                .where(col("stay_date").equalTo(day).or(day.equalTo(lit(asOf.toString()).cast("date")).and(col("stay_date").geq(day))))
                .select(col("hotel_id"), col("room_type_id"), col("stay_date"), col("currency"), col("capacity"));
    }

    /**
     * The Hive table {@code hotel_stay_nights} without {@code dt}: every night with rooms sold and
     * every night the day's snapshot holds, with occupancy, ADR and RevPAR where they are defined
     * (null without capacity or without rooms sold).
     */
    public static Dataset<Row> stayNights(Dataset<Row> sold, Dataset<Row> capacity)
    {
        Dataset<Row> joined = sold.join(capacity, sold.col("room_type_id").equalTo(capacity.col("room_type_id"))
                .and(sold.col("stay_date").equalTo(capacity.col("stay_date"))), "full_outer");
        Column rooms = coalesce(sold.col("rooms_sold"), lit(0L));
        Column revenue = coalesce(sold.col("room_revenue_cents"), lit(0L));
        Column capacityColumn = capacity.col("capacity").cast("bigint");
        return joined.select(
                coalesce(sold.col("hotel_id"), capacity.col("hotel_id")).as("hotel_id"),
                coalesce(sold.col("room_type_id"), capacity.col("room_type_id")).as("room_type_id"),
                coalesce(sold.col("stay_date"), capacity.col("stay_date")).as("stay_date"),
                coalesce(sold.col("currency"), capacity.col("currency")).as("currency"),
                rooms.as("rooms_sold"),
                revenue.as("room_revenue_cents"),
                capacityColumn.as("capacity"),
                when(capacityColumn.gt(0), rooms.divide(capacityColumn)).as("occupancy"),
                when(rooms.gt(0), revenue.divide(rooms)).as("adr_cents"),
                when(capacityColumn.gt(0), revenue.divide(capacityColumn)).as("revpar_cents"));
    }
}
