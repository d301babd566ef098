package io.hotellambda.notifier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
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

    /** The parties of each reservation found, live or archived; one query for a whole poll. */
    public Map<UUID, Parties> of(Connection connection, Collection<UUID> reservationIds)
            throws SQLException
    {
        Map<UUID, Parties> parties = new HashMap<>();
        if (reservationIds.isEmpty()) {
            return parties;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT r.id, g.name, g.email, h.name, s.email, r.invoice_number
                FROM (SELECT id, guest_id, hotel_id, invoice_number FROM reservations WHERE id = ANY (?)
                      UNION ALL SELECT id, guest_id, hotel_id, invoice_number FROM reservations_archive WHERE id = ANY (?)) r
                JOIN guests g ON g.id = r.guest_id
                JOIN hotels h ON h.id = r.hotel_id
                LEFT JOIN hotel_booking_settings s ON s.hotel_id = r.hotel_id""")) {
            statement.setArray(1, connection.createArrayOf("uuid", reservationIds.toArray()));
            statement.setArray(2, connection.createArrayOf("uuid", reservationIds.toArray()));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    parties.put(result.getObject(1, UUID.class), new Parties(result.getString(2), result.getString(3), result.getString(4),
                            Optional.ofNullable(result.getString(5)), Optional.ofNullable(result.getString(6))));
                }
            }
        }
        return parties;
    }
}
