package io.hotellambda.schemas;

import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The batch layer's serving slice in PostgreSQL (schema {@code serving}, migrations V2, V3 and V6
 * beside this class): each computed day's views per hotel and per hotel and hour, the days
 * computed, every hotel's total before the watermark, and the batch watermark W. The one owner of
 * these tables' SQL: the nightly job publishes through {@link #publish}, the serving layer reads
 * through the {@code read...} methods, and the tests and the benchmark use both, so they test
 * what runs.
 * <p>
 * A publish is one transaction: readers see the old day or the new one. W moves over consecutive
 * complete days from where it stands (from the first complete day, the first time), so a missing,
 * incomplete or forced day holds it back. The totals cover exactly the computed days before W:
 * a day enters them when W passes it, and a rerun of a day before W replaces its part.
 */
public final class ServingTables
{
    /** The watermark row of the daily views. */
    public static final String WATERMARK = "daily_hotel_views";
    private static final DayWatermark W = new DayWatermark(WATERMARK, "serving.batch_days");

    public record HotelDay(long hotelId, long views, long uniqueViewers) {}

    public record HotelHour(long hotelId, int hour, long views) {}

    public record DayResult(LocalDate day, boolean complete, boolean forced, Optional<Instant> archiveWatermark, List<HotelDay> hotels, List<HotelHour> hours)
    {
        public DayResult
        {
            requireNonNull(day, "day is null");
            requireNonNull(archiveWatermark, "archiveWatermark is null");
            hotels = List.copyOf(hotels);
            hours = List.copyOf(hours);
        }
    }

    /** A row the reader hands on: a hotel, a bucket (an epoch day, or an epoch hour), and its numbers. */
    public interface RowConsumer
    {
        void accept(long hotelId, long bucket, long views, long uniqueViewers);
    }

    private ServingTables() {}

    /** Replaces {@code result}'s day and moves W, in one transaction on {@code connection}; returns W after it. */
    public static Optional<Instant> publish(Connection connection, DayResult result)
            throws SQLException
    {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            Optional<Instant> before = watermark(connection, true);
            boolean counted = before.isPresent() && result.day().isBefore(day(before.get()));
            if (counted) {
                // an UPDATE, not an upsert of negative numbers: the table's CHECK holds for every row written
                try (PreparedStatement subtract = connection.prepareStatement("""
                        UPDATE serving.hotel_view_totals t SET views = t.views - d.views
                        FROM serving.hotel_daily_views d WHERE d.day = ? AND d.hotel_id = t.hotel_id""")) {
                    subtract.setObject(1, result.day());
                    subtract.executeUpdate();
                }
            }
            replaceDay(connection, result);
            if (counted) {
                addToTotals(connection, "SELECT hotel_id, views FROM serving.hotel_daily_views WHERE day = ?", result.day());
            }
            Optional<Instant> after = W.advance(connection, before);
            if (after.isPresent() && !after.equals(before)) {
                // the days W just passed enter the totals (all computed days, the first time)
                LocalDate from = before.map(ServingTables::day).orElse(LocalDate.EPOCH.minusYears(1000));
                try (PreparedStatement add = connection.prepareStatement(ADD_TO_TOTALS.formatted(
                        "SELECT hotel_id, sum(views) FROM serving.hotel_daily_views WHERE day >= ? AND day < ? GROUP BY hotel_id"))) {
                    add.setObject(1, from);
                    add.setObject(2, day(after.get()));
                    add.executeUpdate();
                }
            }
            connection.commit();
            return after;
        }
        catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
        finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Computes the totals again from the days (a repair; what a test compares the kept totals with). */
    public static void rebuildTotals(Connection connection)
            throws SQLException
    {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM serving.hotel_view_totals");
                PreparedStatement insert = connection.prepareStatement(ADD_TO_TOTALS.formatted(
                        "SELECT hotel_id, sum(views) FROM serving.hotel_daily_views WHERE day < ? GROUP BY hotel_id"))) {
            delete.executeUpdate();
            insert.setObject(1, watermark(connection, false).map(ServingTables::day).orElse(LocalDate.EPOCH.minusYears(1000)));
            insert.executeUpdate();
        }
    }

    public static Optional<Instant> watermark(Connection connection)
            throws SQLException
    {
        return watermark(connection, false);
    }

    /**
     * Whether a read failed because the serving slice's tables are not there (PostgreSQL's
     * undefined_table): no nightly job has published, and so migrated them, in this database yet.
     * Readers answer as from empty tables; the serving layer applies no migrations ({@link Migrations}).
     */
    public static boolean notPublishedYet(SQLException e)
    {
        return UNDEFINED_TABLE.equals(e.getSQLState());
    }

    private static final String UNDEFINED_TABLE = "42P01";

    /** What {@link #version} says of a database no nightly job has published to yet: it has no serving tables. */
    public static final String NOT_PUBLISHED = "no serving tables";

    /**
     * Whether {@code table} (schema-qualified) is there: what a reader polling the serving slice
     * asks first, so that a database not yet published to does not log an error at every poll.
     */
    public static boolean created(Connection connection, String table)
            throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            select.setString(1, table);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    /**
     * What changes whenever the batch view would: W and the newest publish; {@link #NOT_PUBLISHED}
     * before any. Booking-app's catalog is not part of it (a hotel renamed does not reload the
     * batch's numbers).
     */
    public static String version(Connection connection)
            throws SQLException
    {
        if (!created(connection, "serving.batch_watermark")) {
            return NOT_PUBLISHED;
        }
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT coalesce((SELECT watermark::text FROM serving.batch_watermark WHERE name = ?), '-')
                    || '|' || coalesce((SELECT max(computed_at)::text FROM serving.batch_days), '-')""")) {
            select.setString(1, WATERMARK);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    /** The days before {@code end} that the batch computed, as epoch days. */
    public static Set<Long> readBatchDays(Connection connection, LocalDate end)
            throws SQLException
    {
        Set<Long> days = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT day FROM serving.batch_days WHERE day < ?")) {
            select.setObject(1, end);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    days.add(row.getObject(1, LocalDate.class).toEpochDay());
                }
            }
        }
        return days;
    }

    /** Every hotel's views over the computed days before W (the bucket is 0, uniques are not summed). */
    public static void readTotals(Connection connection, RowConsumer rows)
            throws SQLException
    {
        read(connection, "SELECT hotel_id, 0, views, 0 FROM serving.hotel_view_totals", List.of(), rows);
    }

    /** Views and unique viewers per hotel and day (an epoch day) over {@code [from, end)}, by hotel then day. */
    public static void readDays(Connection connection, LocalDate from, LocalDate end, RowConsumer rows)
            throws SQLException
    {
        read(connection, """
                SELECT hotel_id, day - DATE '1970-01-01', views, unique_viewers FROM serving.hotel_daily_views
                WHERE day >= ? AND day < ? ORDER BY hotel_id, day""", List.of(from, end), rows);
    }

    /** Views per hotel and hour (an epoch hour) over the days {@code [from, end)}, by hotel then hour. */
    public static void readHours(Connection connection, LocalDate from, LocalDate end, RowConsumer rows)
            throws SQLException
    {
        read(connection, """
                SELECT hotel_id, (day - DATE '1970-01-01') * 24 + hour, views, 0 FROM serving.hotel_hourly_views
                WHERE day >= ? AND day < ? ORDER BY hotel_id, day, hour""", List.of(from, end), rows);
    }

    /** Streams {@code select}'s rows of (hotel, bucket, views, unique viewers), fetched 10,000 at a time. */
    private static void read(Connection connection, String select, List<Object> parameters, RowConsumer rows)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(select)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            statement.setFetchSize(10_000);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.accept(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4));
                }
            }
        }
    }

    private static final String ADD_TO_TOTALS = """
            INSERT INTO serving.hotel_view_totals (hotel_id, views) %s
            ON CONFLICT (hotel_id) DO UPDATE SET views = serving.hotel_view_totals.views + excluded.views""";

    private static void addToTotals(Connection connection, String select, LocalDate day)
            throws SQLException
    {
        try (PreparedStatement add = connection.prepareStatement(ADD_TO_TOTALS.formatted(select))) {
            add.setObject(1, day);
            add.executeUpdate();
        }
    }

    /** COPY, not INSERT: a day has a row per hotel (50,000 or more) and per hotel and hour (a million or more). */
    private static void replaceDay(Connection connection, DayResult result)
            throws SQLException
    {
        for (String table : List.of("serving.hotel_daily_views", "serving.hotel_hourly_views")) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE day = ?")) {
                delete.setObject(1, result.day());
                delete.executeUpdate();
            }
        }
        StringBuilder days = new StringBuilder(result.hotels().size() * 32);
        long views = 0;
        for (HotelDay hotel : result.hotels()) {
            days.append(result.day()).append(',').append(hotel.hotelId()).append(',').append(hotel.views()).append(',').append(hotel.uniqueViewers()).append('\n');
            views += hotel.views();
        }
        copy(connection, "COPY serving.hotel_daily_views (day, hotel_id, views, unique_viewers) FROM STDIN (FORMAT csv)", days, result.day());
        StringBuilder hours = new StringBuilder(result.hours().size() * 24);
        for (HotelHour hour : result.hours()) {
            hours.append(result.day()).append(',').append(hour.hotelId()).append(',').append(hour.hour()).append(',').append(hour.views()).append('\n');
        }
        copy(connection, "COPY serving.hotel_hourly_views (day, hotel_id, hour, views) FROM STDIN (FORMAT csv)", hours, result.day());
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO serving.batch_days (day, complete, forced, hotels, views, archive_watermark, computed_at)
                VALUES (?, ?, ?, ?, ?, ?, now())
                ON CONFLICT (day) DO UPDATE SET complete = excluded.complete, forced = excluded.forced, hotels = excluded.hotels,
                    views = excluded.views, archive_watermark = excluded.archive_watermark, computed_at = excluded.computed_at""")) {
            upsert.setObject(1, result.day());
            upsert.setBoolean(2, result.complete());
            upsert.setBoolean(3, result.forced());
            upsert.setInt(4, result.hotels().size());
            upsert.setLong(5, views);
            upsert.setTimestamp(6, result.archiveWatermark().map(Timestamp::from).orElse(null));
            upsert.executeUpdate();
        }
    }

    static void copy(Connection connection, String copy, StringBuilder csv, LocalDate day)
            throws SQLException
    {
        if (csv.isEmpty()) {
            return;
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, new StringReader(csv.toString()));
        }
        catch (IOException e) {
            throw new SQLException("cannot copy the rows of " + day, e);
        }
    }

    private static Optional<Instant> watermark(Connection connection, boolean lock)
            throws SQLException
    {
        return W.current(connection, lock);
    }

    private static LocalDate day(Instant watermark)
    {
        return DayWatermark.day(watermark);
    }
}
