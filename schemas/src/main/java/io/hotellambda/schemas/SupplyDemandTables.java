package io.hotellambda.schemas;

import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The nightly supply and demand in PostgreSQL (migration V11 beside this class): per hotel, room
 * type and stay date as of a day, with the suggested price and its inputs. The one owner of these
 * tables' SQL: the nightly job {@link #begin}s a day, {@link #copy}s its rows (from each Spark
 * partition in parallel) and {@link #publish}es it; readers read the newest published day. The
 * last {@link #KEPT_DAYS} published days are kept.
 */
public final class SupplyDemandTables
{
    /** The columns in the order {@link #copy} takes them. */
    public static final List<String> COLUMNS = List.of("hotel_id", "room_type_id", "stay_date", "city", "currency", "capacity", "overbook_cap", "closed",
            "rooms_sold", "rooms_held", "pickup_1d", "pickup_7d", "pickup_30d", "searches_30d", "sold_out_searches_30d", "views_7d", "look_to_book",
            "avg_lead_time_days", "avg_length_of_stay", "adr_cents", "price_cents", "price_min_cents", "price_max_cents", "base_price_cents", "days_out",
            "occupancy", "pace", "forecast_occupancy", "price_multiplier", "suggested_price_cents", "model");
    public static final int KEPT_DAYS = 7;

    private SupplyDemandTables() {}

    /** Unpublishes {@code asOf} and deletes its rows, so a rerun starts clean. */
    public static void begin(Connection connection, LocalDate asOf)
            throws SQLException
    {
        for (String delete : List.of("DELETE FROM serving.supply_demand_days WHERE as_of_date = ?", "DELETE FROM serving.supply_demand WHERE as_of_date = ?")) {
            try (PreparedStatement statement = connection.prepareStatement(delete)) {
                statement.setObject(1, asOf);
                statement.executeUpdate();
            }
        }
    }

    /** Copies rows of {@code asOf}: CSV lines of {@link #COLUMNS}, without the day. */
    public static void copy(Connection connection, LocalDate asOf, List<String> csvLines)
            throws SQLException
    {
        if (csvLines.isEmpty()) {
            return;
        }
        StringBuilder csv = new StringBuilder(csvLines.size() * 200);
        for (String line : csvLines) {
            csv.append(asOf).append(',').append(line).append('\n');
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY serving.supply_demand (as_of_date, %s) FROM STDIN (FORMAT csv)"
                    .formatted(String.join(", ", COLUMNS)), new StringReader(csv.toString()));
        }
        catch (IOException e) {
            throw new SQLException("cannot copy the supply and demand of " + asOf, e);
        }
    }

    /** Whether {@code asOf}'s rows hold the one of this room type and stay date. */
    public static boolean holds(Connection connection, LocalDate asOf, long hotelId, long roomTypeId, LocalDate stayDate)
            throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM serving.supply_demand WHERE as_of_date = ? AND hotel_id = ? AND room_type_id = ? AND stay_date = ?")) {
            select.setObject(1, asOf);
            select.setLong(2, hotelId);
            select.setLong(3, roomTypeId);
            select.setObject(4, stayDate);
            try (ResultSet result = select.executeQuery()) {
                return result.next();
            }
        }
    }

    /** Marks {@code asOf} published (readers see it from now on) and drops days older than the kept ones, in one transaction. */
    public static void publish(Connection connection, LocalDate asOf)
            throws SQLException
    {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO serving.supply_demand_days (as_of_date, rows, published_at)
                    SELECT ?, count(*), now() FROM serving.supply_demand WHERE as_of_date = ?""")) {
                insert.setObject(1, asOf);
                insert.setObject(2, asOf);
                insert.executeUpdate();
            }
            try (PreparedStatement prune = connection.prepareStatement("""
                    WITH old AS (SELECT as_of_date FROM serving.supply_demand_days ORDER BY as_of_date DESC OFFSET ?)
                    DELETE FROM serving.supply_demand_days d USING old WHERE d.as_of_date = old.as_of_date""");
                    PreparedStatement rows = connection.prepareStatement(
                            "DELETE FROM serving.supply_demand s WHERE NOT EXISTS (SELECT 1 FROM serving.supply_demand_days d WHERE d.as_of_date = s.as_of_date)")) {
                prune.setInt(1, KEPT_DAYS);
                prune.executeUpdate();
                rows.executeUpdate();
            }
            connection.commit();
        }
        catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
        finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The newest published day. */
    public static Optional<LocalDate> newest(Connection connection)
            throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement("SELECT max(as_of_date) FROM serving.supply_demand_days");
                ResultSet row = select.executeQuery()) {
            row.next();
            return Optional.ofNullable(row.getObject(1, LocalDate.class));
        }
    }

    /** A hotel's rows of the newest published day with stay dates in {@code [from, to)}, by room type and date: column name to value. */
    public static List<Map<String, Object>> hotel(Connection connection, LocalDate asOf, long hotelId, LocalDate from, LocalDate to)
            throws SQLException
    {
        return read(connection, """
                SELECT %s FROM serving.supply_demand WHERE as_of_date = ? AND hotel_id = ? AND stay_date >= ? AND stay_date < ?
                ORDER BY room_type_id, stay_date""".formatted(String.join(", ", COLUMNS)), List.of(asOf, hotelId, from, to));
    }

    /** A city's (as search_performed keys it) rows of a day summed per stay date: supply, sales, pickup, searches, and the suggestions' mean multiplier. */
    public static List<Map<String, Object>> city(Connection connection, LocalDate asOf, String city, LocalDate from, LocalDate to)
            throws SQLException
    {
        return read(connection, """
                SELECT stay_date, count(DISTINCT hotel_id) AS hotels, sum(capacity)::bigint AS capacity, sum(rooms_sold)::bigint AS rooms_sold,
                       sum(rooms_held)::bigint AS rooms_held, sum(pickup_1d)::bigint AS pickup_1d, sum(pickup_7d)::bigint AS pickup_7d,
                       sum(pickup_30d)::bigint AS pickup_30d, max(searches_30d) AS searches_30d, max(sold_out_searches_30d) AS sold_out_searches_30d,
                       CASE WHEN sum(capacity) > 0 THEN sum(rooms_sold)::double precision / sum(capacity) END AS occupancy,
                       avg(price_multiplier) AS mean_price_multiplier
                FROM serving.supply_demand WHERE as_of_date = ? AND city = ? AND stay_date >= ? AND stay_date < ?
                GROUP BY stay_date ORDER BY stay_date""", List.of(asOf, city, from, to));
    }

    /** The suggestions of a day for the given room types' nights from {@code from} on: room type, stay date, suggested price, model. */
    public static List<Map<String, Object>> suggestions(Connection connection, LocalDate asOf, List<Long> roomTypes, LocalDate from)
            throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT room_type_id, stay_date, suggested_price_cents, model FROM serving.supply_demand
                WHERE as_of_date = ? AND room_type_id = ANY (?) AND stay_date >= ? ORDER BY room_type_id, stay_date""")) {
            select.setObject(1, asOf);
            select.setArray(2, connection.createArrayOf("bigint", roomTypes.toArray()));
            select.setObject(3, from);
            return rows(select);
        }
    }

    private static List<Map<String, Object>> read(Connection connection, String sql, List<Object> parameters)
            throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            return rows(select);
        }
    }

    private static List<Map<String, Object>> rows(PreparedStatement select)
            throws SQLException
    {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            ResultSetMetaData meta = row.getMetaData();
            while (row.next()) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = row.getObject(i);
                    values.put(meta.getColumnLabel(i), value instanceof java.sql.Date date ? date.toLocalDate() : value);
                }
                rows.add(values);
            }
        }
        return rows;
    }
}
