package io.hotellambda.batch.daily;

import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Writes one computed day to PostgreSQL's serving tables and moves the batch watermark, in one
 * transaction: readers see the old day or the new one, and a watermark that covers only complete
 * days. The watermark moves over consecutive complete days from where it stands (from the first
 * complete day, the first time), so a missing, incomplete or forced day holds it back.
 */
public final class ServingPublisher
{
    public static final String WATERMARK = "daily_hotel_views";

    private final String jdbcUrl;
    private final String user;
    private final String password;

    public ServingPublisher(String jdbcUrl, String user, String password)
    {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    public record HotelDay(long hotelId, long views, long uniqueViewers) {}

    public record HotelHour(long hotelId, int hour, long views) {}

    public record DayResult(LocalDate day, boolean complete, boolean forced, Optional<Instant> archiveWatermark, List<HotelDay> hotels, List<HotelHour> hours) {}

    /** Applies the schema migrations this publisher writes to (the same ones booking-app runs). */
    public void migrate()
    {
        Flyway.configure().dataSource(jdbcUrl, user, password).locations("classpath:db/migration").load().migrate();
    }

    /** Returns the batch watermark after the publish. */
    public Optional<Instant> publish(DayResult result)
            throws SQLException
    {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            connection.setAutoCommit(false);
            try {
                replaceDay(connection, result);
                Optional<Instant> watermark = advanceWatermark(connection);
                connection.commit();
                return watermark;
            }
            catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    public Optional<Instant> watermark()
            throws SQLException
    {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            return currentWatermark(connection, false);
        }
    }

    private static void replaceDay(Connection connection, DayResult result)
            throws SQLException
    {
        for (String table : List.of("serving.hotel_daily_views", "serving.hotel_hourly_views")) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE day = ?")) {
                delete.setObject(1, result.day());
                delete.executeUpdate();
            }
        }
        copyHours(connection, result.day(), result.hours());
        long views = 0;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO serving.hotel_daily_views (day, hotel_id, views, unique_viewers) VALUES (?, ?, ?, ?)")) {
            int pending = 0;
            for (HotelDay hotel : result.hotels()) {
                insert.setObject(1, result.day());
                insert.setLong(2, hotel.hotelId());
                insert.setLong(3, hotel.views());
                insert.setLong(4, hotel.uniqueViewers());
                insert.addBatch();
                views += hotel.views();
                if (++pending == 5_000) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            insert.executeBatch();
        }
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

    /** COPY, not INSERT: a busy day has a row per hotel and hour, a million or more. */
    private static void copyHours(Connection connection, LocalDate day, List<HotelHour> hours)
            throws SQLException
    {
        StringBuilder csv = new StringBuilder(hours.size() * 24);
        for (HotelHour hour : hours) {
            csv.append(day).append(',').append(hour.hotelId()).append(',').append(hour.hour()).append(',').append(hour.views()).append('\n');
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY serving.hotel_hourly_views (day, hotel_id, hour, views) FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
        }
        catch (IOException e) {
            throw new SQLException("cannot copy the hourly views of " + day, e);
        }
    }

    private static Optional<Instant> advanceWatermark(Connection connection)
            throws SQLException
    {
        Optional<Instant> current = currentWatermark(connection, true);
        LocalDate next;
        if (current.isPresent()) {
            next = LocalDate.ofInstant(current.get(), ZoneOffset.UTC);
        }
        else {
            Optional<LocalDate> first = firstCompleteDay(connection);
            if (first.isEmpty()) {
                return Optional.empty();
            }
            next = first.get();
        }
        while (isComplete(connection, next)) {
            next = next.plusDays(1);
        }
        Instant watermark = next.atStartOfDay(ZoneOffset.UTC).toInstant();
        if (current.isPresent() && !watermark.isAfter(current.get())) {
            return current;
        }
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO serving.batch_watermark (name, watermark, updated_at) VALUES (?, ?, now())
                ON CONFLICT (name) DO UPDATE SET watermark = excluded.watermark, updated_at = excluded.updated_at""")) {
            upsert.setString(1, WATERMARK);
            upsert.setTimestamp(2, Timestamp.from(watermark));
            upsert.executeUpdate();
        }
        return Optional.of(watermark);
    }

    private static Optional<Instant> currentWatermark(Connection connection, boolean lock)
            throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement("SELECT watermark FROM serving.batch_watermark WHERE name = ?" + (lock ? " FOR UPDATE" : ""))) {
            select.setString(1, WATERMARK);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getTimestamp(1).toInstant()) : Optional.empty();
            }
        }
    }

    private static Optional<LocalDate> firstCompleteDay(Connection connection)
            throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement("SELECT min(day) FROM serving.batch_days WHERE complete AND NOT forced");
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return Optional.ofNullable(rows.getObject(1, LocalDate.class));
        }
    }

    private static boolean isComplete(Connection connection, LocalDate day)
            throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement("SELECT complete AND NOT forced FROM serving.batch_days WHERE day = ?")) {
            select.setObject(1, day);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }
}
