package io.hotellambda.batch.audit;

import io.hotellambda.schemas.ServingTables;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Optional;

/** The audit's PostgreSQL side: what the batch published for a day, and where the audit's result goes. */
public final class AuditRepository
{
    /**
     * A computed day: {@code beforeWatermark} when the serving layer answers it from the batch (its
     * speed keys are no longer read); {@code speedKeysDropped} when an audit already deleted them.
     */
    public record BatchDay(boolean complete, boolean forced, boolean beforeWatermark, boolean speedKeysDropped) {}

    private final String jdbcUrl;
    private final String user;
    private final String password;

    public AuditRepository(String jdbcUrl, String user, String password)
    {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    public Optional<BatchDay> batchDay(LocalDate day)
            throws SQLException
    {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement select = db.prepareStatement("""
                        SELECT complete, forced,
                            coalesce(day < (SELECT watermark AT TIME ZONE 'UTC' FROM serving.batch_watermark WHERE name = ?), false),
                            coalesce((SELECT speed_keys_dropped FROM serving.audit_days a WHERE a.day = d.day), false)
                        FROM serving.batch_days d WHERE day = ?""")) {
            select.setString(1, ServingTables.WATERMARK);
            select.setObject(2, day);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new BatchDay(row.getBoolean(1), row.getBoolean(2), row.getBoolean(3), row.getBoolean(4))) : Optional.empty();
            }
        }
    }

    /** Replaces the day's audit, in one transaction. */
    public void save(DayAudit.Result result, boolean batchForced, boolean speedKeysDropped)
            throws SQLException
    {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password)) {
            db.setAutoCommit(false);
            try {
                try (PreparedStatement upsert = db.prepareStatement("""
                        INSERT INTO serving.audit_days VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
                        ON CONFLICT (day) DO UPDATE SET hotels_compared = excluded.hotels_compared, batch_views = excluded.batch_views,
                            speed_views = excluded.speed_views, total_absolute_difference = excluded.total_absolute_difference, drift = excluded.drift,
                            largest_relative_difference = excluded.largest_relative_difference,
                            largest_relative_difference_hotel = excluded.largest_relative_difference_hotel,
                            uniques_outside_bound = excluded.uniques_outside_bound, passed = excluded.passed, failures = excluded.failures,
                            max_drift = excluded.max_drift, max_hotel_drift = excluded.max_hotel_drift, batch_forced = excluded.batch_forced,
                            speed_keys_dropped = excluded.speed_keys_dropped, audited_at = excluded.audited_at""")) {
                    int i = 0;
                    upsert.setObject(++i, result.day());
                    upsert.setInt(++i, result.hotels().size());
                    upsert.setLong(++i, result.batchViews());
                    upsert.setLong(++i, result.speedViews());
                    upsert.setLong(++i, result.totalAbsoluteDifference());
                    upsert.setDouble(++i, result.drift());
                    upsert.setDouble(++i, result.largestRelativeDifference());
                    upsert.setObject(++i, result.largestRelativeDifferenceHotel().orElse(null));
                    upsert.setInt(++i, result.uniquesOutsideBound());
                    upsert.setBoolean(++i, result.passed());
                    upsert.setString(++i, String.join("\n", result.failures()));
                    upsert.setDouble(++i, result.thresholds().maxDrift());
                    upsert.setDouble(++i, result.thresholds().maxHotelDrift());
                    upsert.setBoolean(++i, batchForced);
                    upsert.setBoolean(++i, speedKeysDropped);
                    upsert.executeUpdate();
                }
                try (PreparedStatement delete = db.prepareStatement("DELETE FROM serving.audit_hotel_days WHERE day = ?")) {
                    delete.setObject(1, result.day());
                    delete.executeUpdate();
                }
                try (PreparedStatement insert = db.prepareStatement("INSERT INTO serving.audit_hotel_days VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (DayAudit.HotelAudit hotel : result.hotels()) {
                        if (hotel.differs()) {
                            int i = 0;
                            insert.setObject(++i, result.day());
                            insert.setLong(++i, hotel.hotelId());
                            insert.setLong(++i, hotel.batchViews());
                            insert.setLong(++i, hotel.speedViews());
                            insert.setLong(++i, hotel.difference());
                            insert.setDouble(++i, hotel.relativeDifference());
                            insert.setLong(++i, hotel.batchUniqueViewers());
                            insert.setLong(++i, hotel.speedUniqueViewers());
                            insert.setBoolean(++i, hotel.uniquesWithinBound());
                            insert.addBatch();
                        }
                    }
                    insert.executeBatch();
                }
                db.commit();
            }
            catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            }
        }
    }
}
