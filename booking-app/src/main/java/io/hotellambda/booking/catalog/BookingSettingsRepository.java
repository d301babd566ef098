package io.hotellambda.booking.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** The owner of {@code hotel_booking_settings}; a hotel without a row has {@link BookingSettings#DEFAULTS}. */
public final class BookingSettingsRepository
{
    public BookingSettings find(Connection connection, long hotelId)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT email, free_cancellation_days, cancellation_fee_basis, cancellation_fee_percent FROM hotel_booking_settings WHERE hotel_id = ?")) {
            statement.setLong(1, hotelId);
            try (ResultSet result = statement.executeQuery()) {
                return result.next()
                        ? new BookingSettings(result.getString(1), result.getInt(2), result.getString(3), result.getInt(4))
                        : BookingSettings.DEFAULTS;
            }
        }
    }

    public void save(Connection connection, long hotelId, BookingSettings settings, Instant now)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO hotel_booking_settings (hotel_id, email, free_cancellation_days, cancellation_fee_basis, cancellation_fee_percent, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (hotel_id) DO UPDATE SET email = excluded.email, free_cancellation_days = excluded.free_cancellation_days,
                    cancellation_fee_basis = excluded.cancellation_fee_basis, cancellation_fee_percent = excluded.cancellation_fee_percent, updated_at = excluded.updated_at
                """)) {
            statement.setLong(1, hotelId);
            statement.setString(2, settings.email());
            statement.setInt(3, settings.freeCancellationDays());
            statement.setString(4, settings.cancellationFeeBasis());
            statement.setInt(5, settings.cancellationFeePercent());
            statement.setTimestamp(6, Timestamp.from(now));
            statement.executeUpdate();
        }
    }
}
