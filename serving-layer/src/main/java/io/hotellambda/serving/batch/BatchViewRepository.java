package io.hotellambda.serving.batch;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Reads the batch layer's serving tables (written by the nightly job's publish) and the active
 * hotels of booking-app's catalog, in one read-only snapshot transaction, so a view never mixes
 * two publishes.
 */
public final class BatchViewRepository
{
    /** The watermark row the batch layer's {@code ServingPublisher} moves. */
    public static final String WATERMARK = "daily_hotel_views";

    private static final String VERSION = """
            SELECT coalesce((SELECT watermark::text FROM serving.batch_watermark WHERE name = ?), '-')
                || '|' || coalesce((SELECT max(computed_at)::text FROM serving.batch_days), '-')
                || '|' || (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '-') FROM hotels WHERE is_active)""";

    private final String jdbcUrl;
    private final Properties connection;
    private final int hourlyDays;

    /** {@code hourlyDays}: how many days before the watermark keep their hourly views in memory. */
    public BatchViewRepository(String jdbcUrl, String user, String password, int hourlyDays)
    {
        if (hourlyDays < 0) {
            throw new IllegalArgumentException("hourlyDays[%s] must not be negative".formatted(hourlyDays));
        }
        this.jdbcUrl = jdbcUrl;
        this.hourlyDays = hourlyDays;
        this.connection = new Properties();
        connection.setProperty("user", user);
        connection.setProperty("password", password);
        // an absent or stuck database fails a refresh in bounded time; requests never wait on it
        connection.setProperty("connectTimeout", "2");
        connection.setProperty("loginTimeout", "2");
        connection.setProperty("socketTimeout", "60");
        connection.setProperty("ApplicationName", "serving-layer");
    }

    /** Changes whenever {@link #load} would return something else. */
    public String version()
            throws SQLException
    {
        try (Connection db = connect()) {
            return version(db);
        }
    }

    private static String version(Connection db)
            throws SQLException
    {
        try (PreparedStatement select = db.prepareStatement(VERSION)) {
            select.setString(1, WATERMARK);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    /** The newest audited day, if any day was audited. */
    public Optional<LatestAudit> latestAudit()
            throws SQLException
    {
        try (Connection db = connect();
                PreparedStatement select = db.prepareStatement("""
                        SELECT day, passed, hotels_compared, total_absolute_difference, drift, largest_relative_difference, uniques_outside_bound, batch_forced,
                            (SELECT count(*) FROM serving.audit_days f WHERE NOT f.passed AND f.day > a.day - ?)
                        FROM serving.audit_days a ORDER BY day DESC LIMIT 1""")) {
            select.setInt(1, LatestAudit.RECENT_DAYS);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new LatestAudit(row.getObject(1, LocalDate.class), row.getBoolean(2), row.getInt(3), row.getLong(4), row.getDouble(5),
                        row.getDouble(6), row.getInt(7), row.getBoolean(8), row.getInt(9)));
            }
        }
    }

    public BatchView load()
            throws SQLException
    {
        try (Connection db = connect()) {
            db.setAutoCommit(false);
            db.setReadOnly(true);
            db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                String version = version(db);
                Optional<Instant> watermark = watermark(db);
                LocalDate batchEnd = watermark.map(w -> LocalDate.ofInstant(w, ZoneOffset.UTC)).orElse(LocalDate.EPOCH);
                LocalDate hourlyFrom = batchEnd.minusDays(hourlyDays);
                Map<Long, BucketCounts.Builder[]> daily = daily(db, batchEnd);
                Map<Long, BucketCounts.Builder> hourly = hourly(db, hourlyFrom, batchEnd);
                Map<Long, HotelHistory> hotels = new HashMap<>();
                daily.forEach((hotel, builders) -> hotels.put(hotel, new HotelHistory(builders[0].build(), builders[1].build(),
                        Optional.ofNullable(hourly.get(hotel)).map(BucketCounts.Builder::build).orElse(BucketCounts.NONE))));
                hourly.forEach((hotel, builder) -> hotels.putIfAbsent(hotel, new HotelHistory(BucketCounts.NONE, BucketCounts.NONE, builder.build())));
                List<Long> active = new ArrayList<>();
                Map<String, List<Long>> activeByCity = new HashMap<>();
                readActiveHotels(db, active, activeByCity);
                BatchView view = new BatchView(watermark, batchDays(db, batchEnd), hotels, active, activeByCity, hourlyFrom, version);
                db.commit();
                return view;
            }
            catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            }
        }
    }

    private static Optional<Instant> watermark(Connection db)
            throws SQLException
    {
        try (PreparedStatement select = db.prepareStatement("SELECT watermark FROM serving.batch_watermark WHERE name = ?")) {
            select.setString(1, WATERMARK);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getTimestamp(1).toInstant()) : Optional.empty();
            }
        }
    }

    /** The days before {@code end} that the batch computed. */
    private static Set<Long> batchDays(Connection db, LocalDate end)
            throws SQLException
    {
        Set<Long> days = new HashSet<>();
        try (PreparedStatement select = db.prepareStatement("SELECT day FROM serving.batch_days WHERE day < ?")) {
            select.setObject(1, end);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    days.add(row.getObject(1, LocalDate.class).toEpochDay());
                }
            }
        }
        return days;
    }

    /** Views [0] and unique viewers [1] per hotel and day before {@code end}. */
    private static Map<Long, BucketCounts.Builder[]> daily(Connection db, LocalDate end)
            throws SQLException
    {
        Map<Long, BucketCounts.Builder[]> hotels = new HashMap<>();
        try (PreparedStatement select = db.prepareStatement("SELECT hotel_id, day, views, unique_viewers FROM serving.hotel_daily_views WHERE day < ? ORDER BY hotel_id, day")) {
            select.setObject(1, end);
            select.setFetchSize(10_000);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    BucketCounts.Builder[] builders = hotels.computeIfAbsent(row.getLong(1), hotel -> new BucketCounts.Builder[] {new BucketCounts.Builder(), new BucketCounts.Builder()});
                    long day = row.getObject(2, LocalDate.class).toEpochDay();
                    builders[0].add(day, row.getLong(3));
                    builders[1].add(day, row.getLong(4));
                }
            }
        }
        return hotels;
    }

    /** Views per hotel and epoch hour over {@code [from, end)}. */
    private static Map<Long, BucketCounts.Builder> hourly(Connection db, LocalDate from, LocalDate end)
            throws SQLException
    {
        Map<Long, BucketCounts.Builder> hotels = new HashMap<>();
        try (PreparedStatement select = db.prepareStatement("SELECT hotel_id, day, hour, views FROM serving.hotel_hourly_views WHERE day >= ? AND day < ? ORDER BY hotel_id, day, hour")) {
            select.setObject(1, from);
            select.setObject(2, end);
            select.setFetchSize(10_000);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    long epochHour = row.getObject(2, LocalDate.class).toEpochDay() * 24 + row.getInt(3);
                    hotels.computeIfAbsent(row.getLong(1), hotel -> new BucketCounts.Builder()).add(epochHour, row.getLong(4));
                }
            }
        }
        return hotels;
    }

    /** The active hotels of booking-app's catalog, by id, into {@code all} and by city into {@code byCity}. */
    private static void readActiveHotels(Connection db, List<Long> all, Map<String, List<Long>> byCity)
            throws SQLException
    {
        try (PreparedStatement select = db.prepareStatement("SELECT id, city FROM hotels WHERE is_active ORDER BY id");
                ResultSet row = select.executeQuery()) {
            while (row.next()) {
                all.add(row.getLong(1));
                byCity.computeIfAbsent(BatchView.cityKey(row.getString(2)), city -> new ArrayList<>()).add(row.getLong(1));
            }
        }
        byCity.replaceAll((city, ids) -> List.copyOf(ids));
    }

    private Connection connect()
            throws SQLException
    {
        return DriverManager.getConnection(jdbcUrl, connection);
    }
}
