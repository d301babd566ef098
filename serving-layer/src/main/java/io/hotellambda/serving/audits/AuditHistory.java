package io.hotellambda.serving.audits;

import io.hotellambda.serving.ServingDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The audits' outcomes per day, newest first: the views audit ({@code serving.audit_days}: the
 * speed layer's counts of a closed day against the batch's, with the drift) and the bookings audit
 * ({@code serving.audit_booking_days}, exact). The batch layer's audit jobs write both tables;
 * this reads them for {@code GET /v1/audits} and the dashboard.
 */
public final class AuditHistory
{
    public record ViewAudit(LocalDate day, boolean passed, String failures, int hotelsCompared, long batchViews, long speedViews,
            long totalAbsoluteDifference, double drift, double maxDrift, double largestRelativeDifference, Long largestRelativeDifferenceHotel,
            int uniquesOutsideBound, boolean batchForced, Instant auditedAt) {}

    public record BookingAudit(LocalDate day, boolean passed, String failures, int hotelsCompared, int differences, boolean batchForced,
            Instant auditedAt) {}

    /** The newest {@code days} audited days of each audit. */
    public record Audits(int days, List<ViewAudit> views, List<BookingAudit> bookings) {}

    private final ServingDatabase database;

    public AuditHistory(ServingDatabase database)
    {
        this.database = database;
    }

    public Audits latest(int days)
            throws SQLException
    {
        return database.read(connection -> new Audits(days, views(connection, days), bookings(connection, days)), () -> new Audits(days, List.of(), List.of()));
    }

    private static List<ViewAudit> views(Connection connection, int days)
            throws SQLException
    {
        List<ViewAudit> audits = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT day, passed, failures, hotels_compared, batch_views, speed_views, total_absolute_difference, drift, max_drift,
                       largest_relative_difference, largest_relative_difference_hotel, uniques_outside_bound, batch_forced, audited_at
                FROM serving.audit_days ORDER BY day DESC LIMIT ?""")) {
            select.setInt(1, days);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    audits.add(new ViewAudit(row.getObject("day", LocalDate.class), row.getBoolean("passed"), row.getString("failures"),
                            row.getInt("hotels_compared"), row.getLong("batch_views"), row.getLong("speed_views"), row.getLong("total_absolute_difference"),
                            row.getDouble("drift"), row.getDouble("max_drift"), row.getDouble("largest_relative_difference"),
                            row.getObject("largest_relative_difference_hotel", Long.class), row.getInt("uniques_outside_bound"), row.getBoolean("batch_forced"),
                            instant(row.getTimestamp("audited_at"))));
                }
            }
        }
        return audits;
    }

    private static List<BookingAudit> bookings(Connection connection, int days)
            throws SQLException
    {
        List<BookingAudit> audits = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT day, passed, failures, hotels_compared, differences, batch_forced, audited_at
                FROM serving.audit_booking_days ORDER BY day DESC LIMIT ?""")) {
            select.setInt(1, days);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    audits.add(new BookingAudit(row.getObject("day", LocalDate.class), row.getBoolean("passed"), row.getString("failures"),
                            row.getInt("hotels_compared"), row.getInt("differences"), row.getBoolean("batch_forced"), instant(row.getTimestamp("audited_at"))));
                }
            }
        }
        return audits;
    }

    private static Instant instant(Timestamp timestamp)
    {
        return timestamp.toInstant();
    }
}
