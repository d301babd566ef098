package io.hotellambda.notifier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * Who hears of a reservation: its guest (name, e-mail) and its hotel (name, booking e-mail if it
 * set one), and its invoice number once confirmed. Read from booking-app's tables, live or archived; the events themselves carry no
 * e-mail addresses, so none reach Kafka or the Parquet archive.
 */
public final class Recipients
{
    public record Parties(String guestName, String guestEmail, String hotelName, Optional<String> hotelEmail, Optional<String> invoiceNumber) {}

    public Optional<Parties> of(Connection connection, UUID reservationId)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT g.name, g.email, h.name, s.email, r.invoice_number
                FROM (SELECT guest_id, hotel_id, invoice_number FROM reservations WHERE id = ?
                      UNION ALL SELECT guest_id, hotel_id, invoice_number FROM reservations_archive WHERE id = ?) r
                JOIN guests g ON g.id = r.guest_id
                JOIN hotels h ON h.id = r.hotel_id
                LEFT JOIN hotel_booking_settings s ON s.hotel_id = r.hotel_id
                LIMIT 1""")) {
            statement.setObject(1, reservationId);
            statement.setObject(2, reservationId);
            try (ResultSet result = statement.executeQuery()) {
                return result.next()
                        ? Optional.of(new Parties(result.getString(1), result.getString(2), result.getString(3), Optional.ofNullable(result.getString(4)),
                        Optional.ofNullable(result.getString(5))))
                        : Optional.empty();
            }
        }
    }
}
