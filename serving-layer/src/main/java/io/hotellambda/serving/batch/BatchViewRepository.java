package io.hotellambda.serving.batch;

import io.hotellambda.schemas.ServingTables;
import io.hotellambda.serving.HotelTable;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Properties;

/**
 * Reads the batch layer's serving tables (through {@link ServingTables}, their owner) in one
 * read-only snapshot transaction, so a view never mixes two publishes: the totals before W and a
 * bounded window of days and hours. Reads booking-app's active hotels apart ({@link #loadCatalog}):
 * an edited hotel reloads the catalog, not the batch's numbers.
 */
public final class BatchViewRepository
{
    private static final String CATALOG_VERSION = "SELECT count(*) || ':' || coalesce(max(updated_at)::text, '-') FROM hotels WHERE is_active";

    private final String jdbcUrl;
    private final Properties connection;
    private final int days;
    private final int hourlyDays;

    /**
     * {@code days}: how many days before the watermark keep their daily numbers in memory;
     * {@code hourlyDays}: how many keep their hourly views.
     */
    public BatchViewRepository(String jdbcUrl, String user, String password, int days, int hourlyDays)
    {
        if (days < 1 || hourlyDays < 0 || hourlyDays > days) {
            throw new IllegalArgumentException("days[%s] must be positive and hourlyDays[%s] from 0 to days".formatted(days, hourlyDays));
        }
        this.jdbcUrl = jdbcUrl;
        this.days = days;
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
            return ServingTables.version(db);
        }
    }

    /** Changes whenever {@link #loadCatalog} would return something else. */
    public String catalogVersion()
            throws SQLException
    {
        try (Connection db = connect()) {
            return catalogVersion(db);
        }
    }

    /** The newest audited day, if any day was audited. */
    public Optional<LatestAudit> latestAudit()
            throws SQLException
    {
        try (Connection db = connect()) {
            if (!ServingTables.created(db, "serving.audit_days")) {
                return Optional.empty();
            }
            return latestAudit(db);
        }
    }

    private static Optional<LatestAudit> latestAudit(Connection db)
            throws SQLException
    {
        try (PreparedStatement select = db.prepareStatement("""
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
                String version = ServingTables.version(db);
                if (version.equals(ServingTables.NOT_PUBLISHED)) {
                    // no nightly job has published yet (it creates the serving tables): a view of
                    // no batch days, so every day is the speed layer's, as DESIGN.md says
                    db.rollback();
                    LocalDate none = LocalDate.EPOCH;
                    return new BatchView(Optional.empty(), Set.of(), new HotelTable(0, 1), Map.of(), none.minusDays(days), none.minusDays(hourlyDays), version);
                }
                Optional<Instant> watermark = ServingTables.watermark(db);
                LocalDate batchEnd = watermark.map(w -> LocalDate.ofInstant(w, ZoneOffset.UTC)).orElse(LocalDate.EPOCH);
                LocalDate daysFrom = batchEnd.minusDays(days);
                LocalDate hourlyFrom = batchEnd.minusDays(hourlyDays);
                List<long[]> totals = new ArrayList<>();
                ServingTables.readTotals(db, (hotel, bucket, views, uniques) -> totals.add(new long[] {hotel, views}));
                HotelTable totalViews = new HotelTable(totals.size(), 1);
                totals.forEach(total -> totalViews.set(totalViews.add(total[0]), 0, total[1]));
                Map<Long, BucketCounts.Builder[]> daily = new HashMap<>();
                ServingTables.readDays(db, daysFrom, batchEnd, (hotel, day, views, uniques) -> {
                    BucketCounts.Builder[] builders = daily.computeIfAbsent(hotel, id -> new BucketCounts.Builder[] {new BucketCounts.Builder(), new BucketCounts.Builder()});
                    builders[0].add(day, views);
                    builders[1].add(day, uniques);
                });
                Map<Long, BucketCounts.Builder> hourly = new HashMap<>();
                ServingTables.readHours(db, hourlyFrom, batchEnd, (hotel, hour, views, uniques) -> hourly.computeIfAbsent(hotel, id -> new BucketCounts.Builder()).add(hour, views));
                Map<Long, HotelHistory> hotels = new HashMap<>();
                daily.forEach((hotel, builders) -> hotels.put(hotel, new HotelHistory(builders[0].build(), builders[1].build(),
                        Optional.ofNullable(hourly.get(hotel)).map(BucketCounts.Builder::build).orElse(BucketCounts.NONE))));
                hourly.forEach((hotel, builder) -> hotels.putIfAbsent(hotel, new HotelHistory(BucketCounts.NONE, BucketCounts.NONE, builder.build())));
                BatchView view = new BatchView(watermark, ServingTables.readBatchDays(db, batchEnd), totalViews, hotels, daysFrom, hourlyFrom, version);
                db.commit();
                return view;
            }
            catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            }
        }
    }

    /** booking-app's active hotels, by id and by city. */
    public Catalog loadCatalog()
            throws SQLException
    {
        try (Connection db = connect()) {
            db.setAutoCommit(false);
            db.setReadOnly(true);
            db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                String version = catalogVersion(db);
                List<Long> all = new ArrayList<>();
                Map<String, List<Long>> byCity = new HashMap<>();
                try (PreparedStatement select = db.prepareStatement("SELECT id, city FROM hotels WHERE is_active ORDER BY id");
                        ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        all.add(row.getLong(1));
                        byCity.computeIfAbsent(Catalog.cityKey(row.getString(2)), city -> new ArrayList<>()).add(row.getLong(1));
                    }
                }
                db.commit();
                return new Catalog(all, byCity, version);
            }
            catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            }
        }
    }

    private static String catalogVersion(Connection db)
            throws SQLException
    {
        try (PreparedStatement select = db.prepareStatement(CATALOG_VERSION); ResultSet row = select.executeQuery()) {
            row.next();
            return row.getString(1);
        }
    }

    private Connection connect()
            throws SQLException
    {
        return DriverManager.getConnection(jdbcUrl, connection);
    }
}
