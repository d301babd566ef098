package io.hotellambda.booking.reservations;

import io.hotellambda.schemas.Checks;
import io.hotellambda.schemas.ValidationException;

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
import java.util.EnumMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The owner of {@code reservations}; every statement runs in the caller's transaction. */
public final class ReservationRepository
{
    private static final String COLUMNS = "id, hotel_id, room_type_id, guest_id, check_in, check_out, rooms, guests, status, night_prices_cents, total_cents, currency, "
            + "hold_expires_at, created_at, updated_at, invoice_number, paid_cents, refunded_cents";
    private static final String TERMINAL = "('expired', 'payment_failed', 'cancelled', 'completed', 'refunded')";
    /** Serializes the archiver's partition DDL across instances: "reservations_archive" as a number. */
    private static final long ARCHIVE_LOCK_KEY = 0x72657361726368L;

    public void insert(Connection connection, Reservation reservation)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO reservations (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
            statement.setString(16, reservation.invoiceNumber());
            statement.setLong(17, reservation.paidCents());
            statement.setLong(18, reservation.refundedCents());
            statement.executeUpdate();
        }
    }

    /** Writes what a transition changes: the status, the time, the invoice, the money. */
    public void update(Connection connection, Reservation reservation)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE reservations SET status = ?, updated_at = ?, invoice_number = ?, paid_cents = ?, refunded_cents = ? WHERE id = ?")) {
            statement.setString(1, reservation.status().databaseName());
            statement.setTimestamp(2, Timestamp.from(reservation.updatedAt()));
            statement.setString(3, reservation.invoiceNumber());
            statement.setLong(4, reservation.paidCents());
            statement.setLong(5, reservation.refundedCents());
            statement.setObject(6, reservation.id());
            if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("Reservation[%s] to update is not live".formatted(reservation.id()));
            }
        }
    }

    /** The next invoice number, {@code INV-<year>-<sequence>}: unique, never reused, gaps allowed (a rolled-back confirmation). */
    public String nextInvoiceNumber(Connection connection, int year)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("SELECT nextval('invoice_numbers')");
                ResultSet result = statement.executeQuery()) {
            result.next();
            return "INV-%s-%08d".formatted(year, result.getLong(1));
        }
    }

    /** The reservation; with {@code lock}, locked until the transaction ends, so its state can change. */
    public Optional<Reservation> find(Connection connection, UUID id, boolean lock)
            throws SQLException
    {
        // an archived reservation is terminal: it is read, never locked to change
        String sql = lock
                ? "SELECT " + COLUMNS + " FROM reservations WHERE id = ? FOR UPDATE"
                : "SELECT " + COLUMNS + " FROM reservations WHERE id = ? UNION ALL SELECT " + COLUMNS + " FROM reservations_archive WHERE id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, id);
            if (!lock) {
                statement.setObject(2, id);
            }
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
            return list(statement);
        }
    }

    /**
     * Up to {@code limit} confirmed stays whose check-out day has come in their hotel's time zone
     * at {@code now}, locked, skipping those another transaction holds.
     */
    public List<Reservation> lockCompletable(Connection connection, Instant now, int limit)
            throws SQLException
    {
        String sql = "SELECT " + prefixed("r") + " FROM reservations r JOIN hotels h ON h.id = r.hotel_id "
                + "WHERE r.status = 'confirmed' AND r.check_out <= (?::timestamptz AT TIME ZONE h.time_zone)::date "
                + "ORDER BY r.check_out LIMIT ? FOR UPDATE OF r SKIP LOCKED";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setInt(2, limit);
            return list(statement);
        }
    }

    /**
     * Moves up to {@code limit} terminal reservations last changed before {@code before} into
     * {@code reservations_archive}, making the months' partitions they need; how many moved. The
     * delete and the insert are one statement, so a reservation is live or archived, never both,
     * and a second run finds nothing left to move.
     */
    public int archive(Connection connection, Instant before, Instant now, int limit)
            throws SQLException
    {
        List<UUID> ids = new ArrayList<>();
        Set<LocalDate> months = new TreeSet<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, check_in FROM reservations WHERE status IN " + TERMINAL
                + " AND updated_at < ? ORDER BY updated_at LIMIT ? FOR UPDATE SKIP LOCKED")) {
            statement.setTimestamp(1, Timestamp.from(before));
            statement.setInt(2, limit);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    ids.add(result.getObject(1, UUID.class));
                    months.add(result.getObject(2, LocalDate.class).withDayOfMonth(1));
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, ARCHIVE_LOCK_KEY);
            lock.execute();
        }
        for (LocalDate month : months) {
            try (PreparedStatement create = connection.prepareStatement("CREATE TABLE IF NOT EXISTS reservations_archive_%s PARTITION OF reservations_archive FOR VALUES FROM ('%s') TO ('%s')"
                    .formatted(month.toString().substring(0, 7).replace('-', '_'), month, month.plusMonths(1)))) {
                create.execute();
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "WITH moved AS (DELETE FROM reservations WHERE id = ANY (?) RETURNING " + COLUMNS + ") "
                        + "INSERT INTO reservations_archive (" + COLUMNS + ", archived_at) SELECT " + COLUMNS + ", ? FROM moved ON CONFLICT DO NOTHING")) {
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            statement.setTimestamp(2, Timestamp.from(now));
            return statement.executeUpdate();
        }
    }

    /** Whose reservations to list, and which: stays overlapping {@code [from, to)}, after the cursor, live and archived alike. */
    public record Query(Optional<UUID> guestId, Optional<Long> hotelId, Optional<ReservationStatus> status, Optional<LocalDate> from, Optional<LocalDate> to,
            Optional<Cursor> after, int limit) {}

    /** A keyset position: the last reservation of a page, by check-in then id; written as {@code <check-in>_<id>}. */
    public record Cursor(LocalDate checkIn, UUID id)
    {
        public static Cursor after(Reservation last)
        {
            return new Cursor(last.checkIn(), last.id());
        }

        /** A page's {@code next}, as a client sends it back in {@code after}. */
        public static Cursor parse(String value)
        {
            try {
                if (value.length() == 47 && value.charAt(10) == '_') {
                    return new Cursor(LocalDate.parse(value.substring(0, 10)), UUID.fromString(value.substring(11)));
                }
            }
            catch (RuntimeException e) {
                // reported below
            }
            throw new ValidationException("query parameter[after]='%s' must be the next value of a previous page".formatted(Checks.abbreviate(value)));
        }

        @Override
        public String toString()
        {
            return checkIn + "_" + id;
        }
    }

    public List<Reservation> list(Connection connection, Query query)
            throws SQLException
    {
        List<String> where = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        query.guestId().ifPresent(guest -> {
            where.add("guest_id = ?");
            parameters.add(guest);
        });
        query.hotelId().ifPresent(hotel -> {
            where.add("hotel_id = ?");
            parameters.add(hotel);
        });
        query.status().ifPresent(status -> {
            where.add("status = ?");
            parameters.add(status.databaseName());
        });
        query.from().ifPresent(from -> {
            where.add("check_out > ?");
            parameters.add(from);
        });
        query.to().ifPresent(to -> {
            where.add("check_in < ?");
            parameters.add(to);
        });
        query.after().ifPresent(cursor -> {
            where.add("(check_in, id) > (?, ?)");
            parameters.add(cursor.checkIn());
            parameters.add(cursor.id());
        });
        String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        String sql = "(SELECT " + COLUMNS + " FROM reservations" + filter + " ORDER BY check_in, id LIMIT ?) UNION ALL (SELECT " + COLUMNS
                + " FROM reservations_archive" + filter + " ORDER BY check_in, id LIMIT ?) ORDER BY check_in, id LIMIT ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            for (int branch = 0; branch < 2; branch++) {
                for (Object parameter : parameters) {
                    statement.setObject(index++, parameter);
                }
                statement.setInt(index++, query.limit());
            }
            statement.setInt(index, query.limit());
            return list(statement);
        }
    }

    private static List<Reservation> list(PreparedStatement statement)
            throws SQLException
    {
        List<Reservation> reservations = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                reservations.add(reservation(result));
            }
        }
        return reservations;
    }

    private static String prefixed(String alias)
    {
        return Arrays.stream(COLUMNS.split(", ")).map(column -> alias + "." + column).collect(Collectors.joining(", "));
    }

    /** The live reservations per status (archived ones are not counted), for the metrics. */
    public Map<ReservationStatus, Long> countByStatus(Connection connection)
            throws SQLException
    {
        Map<ReservationStatus, Long> counts = new EnumMap<>(ReservationStatus.class);
        for (ReservationStatus status : ReservationStatus.values()) {
            counts.put(status, 0L);
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT status, count(*) FROM reservations GROUP BY status");
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                counts.put(ReservationStatus.fromDatabase(result.getString(1)), result.getLong(2));
            }
        }
        return counts;
    }

    /** When the longest-expired hold still held expired, if one is: how far the hold sweeper is behind. */
    public Optional<Instant> oldestExpiredHold(Connection connection, Instant now)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("SELECT min(hold_expires_at) FROM reservations WHERE status = 'held' AND hold_expires_at < ?")) {
            statement.setTimestamp(1, Timestamp.from(now));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return Optional.ofNullable(result.getTimestamp(1)).map(Timestamp::toInstant);
            }
        }
    }

    /** One stay night's rooms and revenue on the books in one currency. */
    public record NightRevenue(LocalDate night, String currency, long rooms, long revenueCents) {}

    /**
     * The rooms and revenue on the books per stay night in {@code [from, to)}: each confirmed or
     * completed reservation's price of the night times its rooms, archived ones included.
     */
    public List<NightRevenue> revenueByNight(Connection connection, long hotelId, LocalDate from, LocalDate to)
            throws SQLException
    {
        String booked = "SELECT check_in, rooms, currency, night_prices_cents FROM %s WHERE hotel_id = ? AND status IN ('confirmed', 'completed') "
                + "AND check_in < ? AND check_out > ?";
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT night, currency, sum(rooms)::bigint AS rooms, sum(price * rooms)::bigint AS revenue_cents
                FROM (SELECT r.check_in + (n.i - 1)::int AS night, r.currency, r.rooms, n.price
                      FROM (%s UNION ALL %s) r CROSS JOIN LATERAL unnest(r.night_prices_cents) WITH ORDINALITY AS n(price, i)) nights
                WHERE night >= ? AND night < ?
                GROUP BY night, currency ORDER BY night, currency""".formatted(booked.formatted("reservations"), booked.formatted("reservations_archive")))) {
            int index = 1;
            for (int branch = 0; branch < 2; branch++) {
                statement.setLong(index++, hotelId);
                statement.setObject(index++, to);
                statement.setObject(index++, from);
            }
            statement.setObject(index++, from);
            statement.setObject(index, to);
            List<NightRevenue> nights = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    nights.add(new NightRevenue(result.getObject("night", LocalDate.class), result.getString("currency").strip(), result.getLong("rooms"),
                            result.getLong("revenue_cents")));
                }
            }
            return nights;
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
                result.getTimestamp("updated_at").toInstant(),
                result.getString("invoice_number"),
                result.getLong("paid_cents"),
                result.getLong("refunded_cents"));
    }
}
