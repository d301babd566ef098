package io.hotellambda.batch.audit;

import io.hotellambda.schemas.BookingTables;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The booking audit's PostgreSQL side: the batch's numbers of a day, and where the result goes. */
public final class BookingAuditRepository
{
    private final String jdbcUrl;
    private final String user;
    private final String password;

    public BookingAuditRepository(String jdbcUrl, String user, String password)
    {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    public Optional<BookingTables.BatchDay> batchDay(LocalDate day)
            throws SQLException
    {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password)) {
            return BookingTables.readBatchDay(db, day);
        }
    }

    /** Per hotel and currency, the day's numbers as the nightly job published them. */
    public Map<BookingAudit.Key, long[]> batchNumbers(LocalDate day)
            throws SQLException
    {
        Map<BookingAudit.Key, long[]> numbers = new TreeMap<>();
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password)) {
            BookingTables.readDayTotals(db, day).forEach(row -> numbers.put(new BookingAudit.Key(row.hotelId(), row.currency()), row.values()));
        }
        return numbers;
    }

    /** Replaces the day's audit, in one transaction: the summary and every difference. */
    public void save(BookingAudit.Result result, boolean batchForced)
            throws SQLException
    {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password)) {
            db.setAutoCommit(false);
            try {
                try (PreparedStatement upsert = db.prepareStatement("""
                        INSERT INTO serving.audit_booking_days (day, hotels_compared, differences, passed, failures, batch_forced, audited_at)
                        VALUES (?, ?, ?, ?, ?, ?, now())
                        ON CONFLICT (day) DO UPDATE SET hotels_compared = excluded.hotels_compared, differences = excluded.differences,
                            passed = excluded.passed, failures = excluded.failures, batch_forced = excluded.batch_forced, audited_at = excluded.audited_at""")) {
                    upsert.setObject(1, result.day());
                    upsert.setInt(2, result.hotelsCompared());
                    upsert.setInt(3, result.differences().size());
                    upsert.setBoolean(4, result.passed());
                    upsert.setString(5, String.join("\n", result.failures()));
                    upsert.setBoolean(6, batchForced);
                    upsert.executeUpdate();
                }
                try (PreparedStatement delete = db.prepareStatement("DELETE FROM serving.audit_booking_differences WHERE day = ?")) {
                    delete.setObject(1, result.day());
                    delete.executeUpdate();
                }
                try (PreparedStatement insert = db.prepareStatement("""
                        INSERT INTO serving.audit_booking_differences (day, hotel_id, currency, metric, batch_value, speed_value, difference)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                    for (BookingAudit.Comparison difference : result.differences()) {
                        insert.setObject(1, result.day());
                        insert.setLong(2, difference.hotelId());
                        insert.setString(3, difference.currency());
                        insert.setString(4, difference.metric().column());
                        insert.setLong(5, difference.batch());
                        insert.setLong(6, difference.speed());
                        insert.setLong(7, difference.difference());
                        insert.addBatch();
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
