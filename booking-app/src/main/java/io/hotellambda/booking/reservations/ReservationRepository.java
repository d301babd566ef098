package io.hotellambda.booking.reservations;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The owner of {@code reservations}; every statement runs in the caller's transaction. */
public final class ReservationRepository
{
    private static final String COLUMNS = "id, hotel_id, room_type_id, guest_id, check_in, check_out, rooms, guests, status, night_prices_cents, total_cents, currency, hold_expires_at, created_at, updated_at";

    public void insert(Connection connection, Reservation reservation)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO reservations (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            statement.setObject(1, reservation.id());
            statement.setLong(2, reservation.hotelId());
            statement.setLong(3, reservation.roomTypeId());
            statement.setObject(4, reservation.guestId());
            statement.setObject(5, reservation.checkIn());
            statement.setObject(6, reservation.checkOut());
            statement.setInt(7, reservation.rooms());
            statement.setInt(8, reservation.guests());
            statement.setString(9, reservation.status().databaseName());
            statement.setArray(10, connection.createArrayOf("bigint", reservation.nightPricesCents().toArray()));
            statement.setLong(11, reservation.totalCents());
            statement.setString(12, reservation.currency());
            statement.setTimestamp(13, Timestamp.from(reservation.holdExpiresAt()));
            statement.setTimestamp(14, Timestamp.from(reservation.createdAt()));
            statement.setTimestamp(15, Timestamp.from(reservation.updatedAt()));
            statement.executeUpdate();
        }
    }

    /** The reservation; with {@code lock}, locked until the transaction ends, so its state can change. */
    public Optional<Reservation> find(Connection connection, UUID id, boolean lock)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM reservations WHERE id = ?" + (lock ? " FOR UPDATE" : ""))) {
            statement.setObject(1, id);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Optional.of(reservation(result)) : Optional.empty();
            }
        }
    }

    /**
     * Up to {@code limit} holds expired at {@code now}, locked; holds another transaction has locked
     * (another sweeper, a cancel in flight) are skipped, not waited for.
     */
    public List<Reservation> lockExpiredHolds(Connection connection, Instant now, int limit)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM reservations WHERE status = 'held' AND hold_expires_at <= ? ORDER BY hold_expires_at LIMIT ? FOR UPDATE SKIP LOCKED")) {
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setInt(2, limit);
            List<Reservation> holds = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    holds.add(reservation(result));
                }
            }
            return holds;
        }
    }

    public void setStatus(Connection connection, List<UUID> ids, ReservationStatus status, Instant at)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE reservations SET status = ?, updated_at = ? WHERE id = ANY (?)")) {
            statement.setString(1, status.databaseName());
            statement.setTimestamp(2, Timestamp.from(at));
            statement.setArray(3, connection.createArrayOf("uuid", ids.toArray()));
            statement.executeUpdate();
        }
    }

    private static Reservation reservation(ResultSet result)
            throws SQLException
    {
        Array prices = result.getArray("night_prices_cents");
        return new Reservation(
                result.getObject("id", UUID.class),
                result.getLong("hotel_id"),
                result.getLong("room_type_id"),
                result.getObject("guest_id", UUID.class),
                result.getObject("check_in", LocalDate.class),
                result.getObject("check_out", LocalDate.class),
                result.getInt("rooms"),
                result.getInt("guests"),
                ReservationStatus.fromDatabase(result.getString("status")),
                Arrays.stream((Long[]) prices.getArray()).toList(),
                result.getLong("total_cents"),
                result.getString("currency"),
                result.getTimestamp("hold_expires_at").toInstant(),
                result.getTimestamp("created_at").toInstant(),
                result.getTimestamp("updated_at").toInstant());
    }
}
