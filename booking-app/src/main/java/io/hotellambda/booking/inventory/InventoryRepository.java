package io.hotellambda.booking.inventory;

import io.hotellambda.schemas.DomainException;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The owner of {@code room_inventory}, the unit of sale: a room type on a night. Every statement
 * runs in the caller's transaction, and every statement that locks several nights locks them in
 * (room type, date) order, so overlapping stays never deadlock (PostgreSQL docs, "Deadlocks").
 */
public final class InventoryRepository
{
    private static final String COLUMNS = "stay_date, capacity, overbook_cap, sold, held, closed, price_cents";

    /**
     * Creates the missing nights of every room type from each hotel's local date at {@code now} for
     * {@code days} nights, at the room type's quantity, overbooking and base price. Idempotent: the
     * daily roll-forward and a room type's creation both call it. How many nights it created.
     */
    public int extendHorizon(Connection connection, Instant now, int days, Optional<Long> roomTypeId)
            throws SQLException
    {
        String sql = """
                INSERT INTO room_inventory (room_type_id, stay_date, capacity, overbook_cap, price_cents)
                SELECT rt.id, d.night::date, rt.quantity, rt.quantity * rt.overbooking_percent / 100, rt.base_price_cents
                FROM room_types rt
                JOIN hotels h ON h.id = rt.hotel_id
                CROSS JOIN LATERAL generate_series((?::timestamptz AT TIME ZONE h.time_zone)::date,
                                                   (?::timestamptz AT TIME ZONE h.time_zone)::date + (? - 1), interval '1 day') AS d(night)
                WHERE (?::bigint IS NULL OR rt.id = ?)
                ON CONFLICT (room_type_id, stay_date) DO NOTHING
                """;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Timestamp at = Timestamp.from(now);
            statement.setTimestamp(1, at);
            statement.setTimestamp(2, at);
            statement.setInt(3, days);
            statement.setObject(4, roomTypeId.orElse(null));
            statement.setObject(5, roomTypeId.orElse(null));
            return statement.executeUpdate();
        }
    }

    /**
     * Holds {@code rooms} on every night of {@code [checkIn, checkOut)}: one conditional UPDATE,
     * {@code sold + held + rooms <= overbook_cap AND NOT closed}, over the nights locked in date
     * order. PostgreSQL re-checks the condition against the newest row version after waiting on a
     * concurrent holder (EvalPlanQual), so N racers for the last room leave exactly one winner.
     * The nightly prices, in date order, when every night was held; otherwise a
     * {@link DomainException.Kind#CONFLICT} naming the first night that is short, and the caller
     * rolls back the nights this statement did change.
     */
    public List<Long> hold(Connection connection, long roomTypeId, LocalDate checkIn, LocalDate checkOut, int rooms)
            throws SQLException
    {
        return acquire(connection, "held", roomTypeId, checkIn, checkOut, rooms);
    }

    /**
     * As {@link #hold}, with the same condition, straight to sold: a payment that succeeded after
     * its hold expired re-acquires its nights this way, or finds them gone.
     */
    public List<Long> sell(Connection connection, long roomTypeId, LocalDate checkIn, LocalDate checkOut, int rooms)
            throws SQLException
    {
        return acquire(connection, "sold", roomTypeId, checkIn, checkOut, rooms);
    }

    private List<Long> acquire(Connection connection, String column, long roomTypeId, LocalDate checkIn, LocalDate checkOut, int rooms)
            throws SQLException
    {
        String sql = """
                WITH nights AS (
                    SELECT room_type_id, stay_date FROM room_inventory
                    WHERE room_type_id = ? AND stay_date >= ? AND stay_date < ?
                    ORDER BY stay_date
                    FOR UPDATE)
                UPDATE room_inventory i SET %1$s = i.%1$s + ?
                FROM nights
                WHERE i.room_type_id = nights.room_type_id AND i.stay_date = nights.stay_date
                  AND i.sold + i.held + ? <= i.overbook_cap AND NOT i.closed
                RETURNING i.stay_date, i.price_cents
                """.formatted(column);
        Map<LocalDate, Long> held = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, roomTypeId);
            statement.setDate(2, Date.valueOf(checkIn));
            statement.setDate(3, Date.valueOf(checkOut));
            statement.setInt(4, rooms);
            statement.setInt(5, rooms);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    held.put(result.getObject(1, LocalDate.class), result.getLong(2));
                }
            }
        }
        for (LocalDate night = checkIn; night.isBefore(checkOut); night = night.plusDays(1)) {
            if (!held.containsKey(night)) {
                throw DomainException.conflict("RoomType[%s] has not %s room(s) left on %s: sold out or closed".formatted(roomTypeId, rooms, night));
            }
        }
        return List.copyOf(held.values());
    }

    /** Rooms to give back: {@code rooms} on each night of {@code [checkIn, checkOut)}. */
    public record Release(long roomTypeId, LocalDate checkIn, LocalDate checkOut, int rooms) {}

    /**
     * Gives back held rooms, all releases in one statement: the nights are summed per room type and
     * date and locked in that order, so a sweeper releasing many holds cannot deadlock with guests
     * holding overlapping stays.
     */
    public void releaseHeld(Connection connection, List<Release> releases)
            throws SQLException
    {
        move(connection, releases, "held = i.held - locked.rooms");
    }

    /** Gives back sold rooms (a confirmed stay cancelled), as {@link #releaseHeld} does. */
    public void releaseSold(Connection connection, List<Release> releases)
            throws SQLException
    {
        move(connection, releases, "sold = i.sold - locked.rooms");
    }

    /** Turns held rooms into sold ones (a hold paid for): {@code sold + held} is unchanged, so the cap holds. */
    public void confirmHeld(Connection connection, List<Release> releases)
            throws SQLException
    {
        move(connection, releases, "held = i.held - locked.rooms, sold = i.sold + locked.rooms");
    }

    private void move(Connection connection, List<Release> releases, String assignment)
            throws SQLException
    {
        Map<Long, Map<LocalDate, Integer>> nights = new TreeMap<>();
        for (Release release : releases) {
            Map<LocalDate, Integer> dates = nights.computeIfAbsent(release.roomTypeId(), key -> new TreeMap<>());
            for (LocalDate night = release.checkIn(); night.isBefore(release.checkOut()); night = night.plusDays(1)) {
                dates.merge(night, release.rooms(), Integer::sum);
            }
        }
        List<Long> roomTypes = new ArrayList<>();
        List<Date> dates = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        nights.forEach((roomType, byDate) -> byDate.forEach((date, count) -> {
            roomTypes.add(roomType);
            dates.add(Date.valueOf(date));
            counts.add(count);
        }));
        if (roomTypes.isEmpty()) {
            return;
        }
        String sql = """
                WITH released (room_type_id, stay_date, rooms) AS (
                    SELECT * FROM unnest(?::bigint[], ?::date[], ?::int[])),
                locked AS (
                    SELECT i.room_type_id, i.stay_date, released.rooms FROM room_inventory i
                    JOIN released USING (room_type_id, stay_date)
                    ORDER BY i.room_type_id, i.stay_date
                    FOR UPDATE OF i)
                UPDATE room_inventory i SET %s
                FROM locked
                WHERE i.room_type_id = locked.room_type_id AND i.stay_date = locked.stay_date
                """.formatted(assignment);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("bigint", roomTypes.toArray()));
            statement.setArray(2, connection.createArrayOf("date", dates.toArray()));
            statement.setArray(3, connection.createArrayOf("integer", counts.toArray()));
            int updated = statement.executeUpdate();
            if (updated != roomTypes.size()) {
                // a held night always has its row: inventory rows are never deleted
                throw new IllegalStateException("changed %s of %s nights".formatted(updated, roomTypes.size()));
            }
        }
    }

    /** The nights of {@code [from, to)} that exist, in date order. */
    public List<Night> nights(Connection connection, long roomTypeId, LocalDate from, LocalDate to)
            throws SQLException
    {
        return nights(connection, List.of(roomTypeId), from, to).getOrDefault(roomTypeId, List.of());
    }

    /** The nights of {@code [from, to)} of several room types, by room type, in date order. */
    public Map<Long, List<Night>> nights(Connection connection, List<Long> roomTypeIds, LocalDate from, LocalDate to)
            throws SQLException
    {
        String sql = "SELECT room_type_id, " + COLUMNS + " FROM room_inventory WHERE room_type_id = ANY (?) AND stay_date >= ? AND stay_date < ? ORDER BY room_type_id, stay_date";
        Map<Long, List<Night>> nights = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("bigint", roomTypeIds.toArray()));
            statement.setDate(2, Date.valueOf(from));
            statement.setDate(3, Date.valueOf(to));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    nights.computeIfAbsent(result.getLong(1), key -> new ArrayList<>()).add(night(result));
                }
            }
        }
        return nights;
    }

    /** What staff change over a range of nights; an absent field stays as it is. */
    /** A night whose price {@link #reprice} changed. */
    public record Repriced(LocalDate date, long oldPriceCents, long newPriceCents) {}

    /**
     * Sets the given nights' prices where the night is on sale (not closed) with a room left to
     * sell and its price differs, under the nights' row locks (a hold that takes the last room
     * first leaves that night alone): the nights changed, in date order, with their old prices.
     */
    public List<Repriced> reprice(Connection connection, long roomTypeId, Map<LocalDate, Long> prices)
            throws SQLException
    {
        List<Repriced> changed = new ArrayList<>();
        if (prices.isEmpty()) {
            return changed;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                WITH wanted AS (SELECT * FROM unnest(?::date[], ?::bigint[]) AS w(stay_date, price_cents)),
                old AS (
                    SELECT i.stay_date, i.price_cents FROM room_inventory i JOIN wanted w ON w.stay_date = i.stay_date
                    WHERE i.room_type_id = ? AND NOT i.closed AND i.sold + i.held < i.overbook_cap AND i.price_cents <> w.price_cents
                    ORDER BY i.stay_date
                    FOR UPDATE OF i)
                UPDATE room_inventory i SET price_cents = w.price_cents
                FROM wanted w JOIN old o ON o.stay_date = w.stay_date
                WHERE i.room_type_id = ? AND i.stay_date = w.stay_date
                RETURNING i.stay_date, o.price_cents, i.price_cents""")) {
            statement.setArray(1, connection.createArrayOf("date", prices.keySet().stream().map(Date::valueOf).toArray()));
            statement.setArray(2, connection.createArrayOf("bigint", prices.values().toArray()));
            statement.setLong(3, roomTypeId);
            statement.setLong(4, roomTypeId);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    changed.add(new Repriced(result.getDate(1).toLocalDate(), result.getLong(2), result.getLong(3)));
                }
            }
        }
        changed.sort(java.util.Comparator.comparing(Repriced::date));
        return changed;
    }

    public record Change(Optional<Integer> capacity, Optional<Boolean> closed, Optional<Long> priceCents) {}

    /**
     * Applies {@code change} to the nights of {@code [from, to)}, locked in date order. Lowering
     * capacity so that a night's cap falls below what is sold and held is a
     * {@link DomainException.Kind#CONFLICT} that names those nights, and changes nothing.
     */
    public List<Night> change(Connection connection, long roomTypeId, int overbookingPercent, LocalDate from, LocalDate to, Change change)
            throws SQLException
    {
        List<Night> locked = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM room_inventory WHERE room_type_id = ? AND stay_date >= ? AND stay_date < ? ORDER BY stay_date FOR UPDATE")) {
            statement.setLong(1, roomTypeId);
            statement.setDate(2, Date.valueOf(from));
            statement.setDate(3, Date.valueOf(to));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    locked.add(night(result));
                }
            }
        }
        if (change.capacity().isPresent()) {
            int cap = Night.overbookCap(change.capacity().get(), overbookingPercent);
            List<Night> tooFull = locked.stream().filter(night -> night.sold() + night.held() > cap).toList();
            if (!tooFull.isEmpty()) {
                throw DomainException.conflict("capacity %s (cap %s at %s%%) is below what is sold and held on %s night(s): %s".formatted(
                        change.capacity().get(), cap, overbookingPercent, tooFull.size(),
                        tooFull.stream().limit(20).map(night -> "%s (%s sold, %s held)".formatted(night.date(), night.sold(), night.held())).toList()));
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE room_inventory SET
                    capacity = coalesce(?, capacity),
                    overbook_cap = coalesce(?, overbook_cap),
                    closed = coalesce(?, closed),
                    price_cents = coalesce(?, price_cents)
                WHERE room_type_id = ? AND stay_date >= ? AND stay_date < ?
                RETURNING\s""" + COLUMNS)) {
            statement.setObject(1, change.capacity().orElse(null));
            statement.setObject(2, change.capacity().map(capacity -> Night.overbookCap(capacity, overbookingPercent)).orElse(null));
            statement.setObject(3, change.closed().orElse(null));
            statement.setObject(4, change.priceCents().orElse(null));
            statement.setLong(5, roomTypeId);
            statement.setDate(6, Date.valueOf(from));
            statement.setDate(7, Date.valueOf(to));
            List<Night> changed = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    changed.add(night(result));
                }
            }
            changed.sort((a, b) -> a.date().compareTo(b.date()));
            return changed;
        }
    }

    private static Night night(ResultSet result)
            throws SQLException
    {
        return new Night(result.getObject("stay_date", LocalDate.class), result.getInt("capacity"), result.getInt("overbook_cap"),
                result.getInt("sold"), result.getInt("held"), result.getBoolean("closed"), result.getLong("price_cents"));
    }
}
