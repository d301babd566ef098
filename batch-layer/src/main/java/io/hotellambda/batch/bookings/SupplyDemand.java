package io.hotellambda.batch.bookings;

import io.hotellambda.batch.daily.RawColumns;
import io.hotellambda.schemas.EventType;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

/**
 * Supply and demand per hotel, room type and stay date for the next {@link InventorySnapshot#HORIZON_DAYS}
 * stay dates after an {@code as_of} day, as pure transforms: the supply the day's snapshot saw
 * (capacity, overbooking cap, held, closed, price and its bounds), what was sold by the day's end
 * and the pickup over the last 1, 7 and 30 days (from the booking events, {@link StayNights#reservations}),
 * the demand (first-page searches of the hotel's city covering the date over the last 30 days, and
 * how many found it sold out; the hotel's views over the last 7 days), look-to-book, average lead
 * time and length of stay, ADR, and the suggested price with the inputs that produced it
 * ({@link #suggest}). See docs/booking-analytics.md, "Price suggestions".
 */
public final class SupplyDemand
{
    /** The version of {@link #suggest}'s model, recorded with every suggestion. */
    public static final String MODEL = "occupancy-pace-v1";
    /** The occupancy the model prices the base price at. */
    public static final double TARGET_OCCUPANCY = 0.7;
    static final StructType SEARCH = StructType.fromDDL("city STRING, check_in DATE, check_out DATE, first_page BOOLEAN, sold_out BOOLEAN");

    private SupplyDemand() {}

    /**
     * Per room type and stay date, from {@link StayNights#reservations}: rooms sold as of the
     * day's end and as of 1, 7 and 30 days before it, the revenue of the rooms sold, and over the
     * reservations sold: their average lead time (stay date − day confirmed) and nights, and how
     * many were confirmed in the last 30 days.
     */
    public static Dataset<Row> sales(Dataset<Row> reservations, LocalDate asOf)
    {
        Column nights = size(col("night_prices_cents"));
        Dataset<Row> exploded = reservations.select(col("room_type_id"), col("check_in"), col("rooms"), col("confirmed_at"), col("cancelled_at"),
                nights.as("nights"), posexplode(col("night_prices_cents")).as(new String[] {"night", "price"}))
                .withColumn("stay_date", date_add(col("check_in"), col("night")));
        Column soldNow = soldAt(asOf);
        return exploded.groupBy(col("room_type_id"), col("stay_date"))
                .agg(sum(when(soldNow, col("rooms")).otherwise(0)).cast("bigint").as("rooms_sold"),
                        sum(when(soldAt(asOf.minusDays(1)), col("rooms")).otherwise(0)).cast("bigint").as("sold_1d_before"),
                        sum(when(soldAt(asOf.minusDays(7)), col("rooms")).otherwise(0)).cast("bigint").as("sold_7d_before"),
                        sum(when(soldAt(asOf.minusDays(30)), col("rooms")).otherwise(0)).cast("bigint").as("sold_30d_before"),
                        sum(when(soldNow, col("price").multiply(col("rooms")))).cast("bigint").as("room_revenue_cents"),
                        avg(when(soldNow, datediff(col("stay_date"), to_date(col("confirmed_at"))))).as("avg_lead_time_days"),
                        avg(when(soldNow, col("nights"))).as("avg_length_of_stay"),
                        count(when(soldNow.and(col("confirmed_at").geq(lit(end(asOf.minusDays(30))))), true)).as("bookings_30d"));
    }

    /** A reservation-night counts as sold at the end of {@code day} if confirmed by then and not cancelled by then. */
    private static Column soldAt(LocalDate day)
    {
        Timestamp end = end(day);
        return col("confirmed_at").lt(lit(end)).and(col("cancelled_at").isNull().or(col("cancelled_at").geq(lit(end))));
    }

    /**
     * Per city (trimmed and in lower case, as the speed layer keys it) and stay date: first-page dated searches received in
     * the 30 days up to the day's end whose stay holds the date, and how many of them were sold out.
     */
    public static Dataset<Row> searches(Dataset<Row> rawSearches)
    {
        return rawSearches.where(col("error").isNull().and(col("event_type").equalTo(lit(EventType.SEARCH_PERFORMED.typeName()))))
                .select(RawColumns.idHigh().as("id_high"), RawColumns.idLow().as("id_low"), from_json(col("payload"), SEARCH).as("s"))
                .where(col("s.first_page").and(col("s.check_in").isNotNull()))
                .dropDuplicates("id_high", "id_low")
                .select(lower(trim(col("s.city"))).as("city"), col("s.sold_out").as("sold_out"),
                        explode(sequence(col("s.check_in"), date_add(col("s.check_out"), -1))).as("stay_date"))
                .groupBy(col("city"), col("stay_date"))
                .agg(count(lit(1)).as("searches_30d"), count(when(col("sold_out"), true)).as("sold_out_searches_30d"));
    }

    /**
     * The rows of {@code supply_demand} without {@code dt}: the day's snapshot's nights after the
     * day, joined with {@link #sales}, {@link #searches} and each hotel's views over 7 days
     * ({@code hotel_id, views_7d}), then {@link #suggest}ed.
     */
    public static Dataset<Row> rows(Dataset<Row> snapshot, Dataset<Row> sales, Dataset<Row> searches, Dataset<Row> views, LocalDate asOf)
    {
        Dataset<Row> supply = snapshot.where(col("stay_date").gt(lit(asOf.toString()).cast("date")));
        Dataset<Row> joined = supply
                .join(sales, supply.col("room_type_id").equalTo(sales.col("room_type_id")).and(supply.col("stay_date").equalTo(sales.col("stay_date"))), "left")
                .join(searches, supply.col("city").equalTo(searches.col("city")).and(supply.col("stay_date").equalTo(searches.col("stay_date"))), "left")
                .join(views, supply.col("hotel_id").equalTo(views.col("hotel_id")), "left");
        Column sold = coalesce(sales.col("rooms_sold"), lit(0L));
        Column bookings = coalesce(sales.col("bookings_30d"), lit(0L));
        Column searched = coalesce(searches.col("searches_30d"), lit(0L));
        Dataset<Row> demand = joined.select(
                supply.col("hotel_id"), supply.col("room_type_id"), supply.col("stay_date"), supply.col("city"), supply.col("currency"),
                supply.col("capacity").cast("bigint").as("capacity"), supply.col("overbook_cap").cast("bigint").as("overbook_cap"), supply.col("closed"),
                sold.as("rooms_sold"), supply.col("held").cast("bigint").as("rooms_held"),
                sold.minus(coalesce(sales.col("sold_1d_before"), lit(0L))).as("pickup_1d"),
                sold.minus(coalesce(sales.col("sold_7d_before"), lit(0L))).as("pickup_7d"),
                sold.minus(coalesce(sales.col("sold_30d_before"), lit(0L))).as("pickup_30d"),
                searched.as("searches_30d"), coalesce(searches.col("sold_out_searches_30d"), lit(0L)).as("sold_out_searches_30d"),
                coalesce(views.col("views_7d"), lit(0L)).as("views_7d"),
                when(bookings.gt(0), searched.divide(bookings)).as("look_to_book"),
                sales.col("avg_lead_time_days"), sales.col("avg_length_of_stay"),
                when(sold.gt(0), coalesce(sales.col("room_revenue_cents"), lit(0L)).divide(sold)).as("adr_cents"),
                supply.col("price_cents"), supply.col("price_min_cents"), supply.col("price_max_cents"), supply.col("base_price_cents"),
                datediff(supply.col("stay_date"), lit(asOf.toString()).cast("date")).as("days_out"));
        return suggest(demand);
    }

    /**
     * The price model, monotone in demand and always within the hotel's bounds:
     * <ul>
     * <li>{@code occupancy} = rooms sold / capacity; {@code pace} = rooms picked up over the last 7
     * days / capacity (both 0 without capacity);</li>
     * <li>{@code forecast_occupancy} = occupancy + half the recent pace continuing until the night
     * (at most 4 weeks of it): occupancy + pace × min(days out, 28) / 7 × 0.5, at most 1.5;</li>
     * <li>{@code price_multiplier} = 1 + 0.6 × (forecast occupancy − {@value #TARGET_OCCUPANCY}) + 0.4 × pace;</li>
     * <li>{@code suggested_price_cents} = the base price × the multiplier, rounded, clamped to
     * {@code [price_min_cents, price_max_cents]}.</li>
     * </ul>
     * More rooms sold, or sold faster, never lowers the suggestion; the clamp makes it a price the
     * hotel allowed.
     */
    public static Dataset<Row> suggest(Dataset<Row> demand)
    {
        Column capacity = col("capacity");
        Column occupancy = when(capacity.gt(0), col("rooms_sold").divide(capacity)).otherwise(0.0);
        Column pace = when(capacity.gt(0), greatest(col("pickup_7d"), lit(0L)).divide(capacity)).otherwise(0.0);
        Column forecast = least(lit(1.5), col("occupancy").plus(col("pace").multiply(least(col("days_out"), lit(28))).divide(7).multiply(0.5)));
        Column multiplier = lit(1.0).plus(lit(0.6).multiply(col("forecast_occupancy").minus(TARGET_OCCUPANCY))).plus(lit(0.4).multiply(col("pace")));
        Column suggested = least(col("price_max_cents"), greatest(col("price_min_cents"), round(col("base_price_cents").multiply(col("price_multiplier"))).cast("bigint")));
        return demand.withColumn("occupancy", occupancy)
                .withColumn("pace", pace)
                .withColumn("forecast_occupancy", forecast)
                .withColumn("price_multiplier", multiplier)
                .withColumn("suggested_price_cents", suggested)
                .withColumn("model", lit(MODEL));
    }

    /** The Hive table's columns, in {@link #rows}'s order. */
    static final List<String> COLUMNS = List.of("hotel_id BIGINT", "room_type_id BIGINT", "stay_date DATE", "city STRING", "currency STRING", "capacity BIGINT",
            "overbook_cap BIGINT", "closed BOOLEAN", "rooms_sold BIGINT", "rooms_held BIGINT", "pickup_1d BIGINT", "pickup_7d BIGINT", "pickup_30d BIGINT",
            "searches_30d BIGINT", "sold_out_searches_30d BIGINT", "views_7d BIGINT", "look_to_book DOUBLE", "avg_lead_time_days DOUBLE",
            "avg_length_of_stay DOUBLE", "adr_cents DOUBLE", "price_cents BIGINT", "price_min_cents BIGINT", "price_max_cents BIGINT", "base_price_cents BIGINT",
            "days_out INT", "occupancy DOUBLE", "pace DOUBLE", "forecast_occupancy DOUBLE", "price_multiplier DOUBLE", "suggested_price_cents BIGINT", "model STRING");

    private static Timestamp end(LocalDate day)
    {
        return Timestamp.from(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
