package io.hotellambda.booking.catalog;

import io.hotellambda.booking.Databases;
import io.hotellambda.booking.Transactions;
import io.hotellambda.booking.inventory.InventoryRepository;
import io.hotellambda.booking.inventory.SaleWindow;
import io.hotellambda.schemas.DomainException;

import javax.sql.DataSource;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Hotels and room types in PostgreSQL; one statement per call, constraints enforced by the schema. */
public final class HotelRepository
{
    private static final String HOTEL_COLUMNS = "id, name, city, country, address, description, star_rating, time_zone, currency, amenities, image_urls, is_active, created_at, updated_at";
    private static final String ROOM_TYPE_COLUMNS = "id, hotel_id, name, capacity, quantity, price_min_cents, price_max_cents, base_price_cents, overbooking_percent, auto_pricing, created_at, updated_at";
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final Transactions transactions;
    private final InventoryRepository inventory;
    private final SaleWindow saleWindow;

    public HotelRepository(DataSource dataSource, InventoryRepository inventory, SaleWindow saleWindow)
    {
        this.dataSource = dataSource;
        this.transactions = new Transactions(dataSource);
        this.inventory = inventory;
        this.saleWindow = saleWindow;
    }

    public Hotel create(HotelRequest request)
    {
        String sql = "INSERT INTO hotels (name, city, country, address, star_rating, time_zone, currency, amenities, image_urls, is_active, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + HOTEL_COLUMNS;
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            bindHotel(connection, statement, request);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return hotel(result);
            }
        }
        catch (SQLException e) {
            throw failure("create hotel", e);
        }
    }

    public Optional<Hotel> update(long id, HotelRequest request)
    {
        String sql = "UPDATE hotels SET name = ?, city = ?, country = ?, address = ?, star_rating = ?, time_zone = ?, currency = ?, amenities = ?, image_urls = ?, is_active = ?, description = ?, updated_at = now() WHERE id = ? RETURNING " + HOTEL_COLUMNS;
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            bindHotel(connection, statement, request);
            statement.setLong(12, id);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Optional.of(hotel(result)) : Optional.empty();
            }
        }
        catch (SQLException e) {
            throw failure("update hotel", e);
        }
    }

    public boolean deactivate(long id)
    {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("UPDATE hotels SET is_active = FALSE, updated_at = now() WHERE id = ?")) {
            statement.setLong(1, id);
            return statement.executeUpdate() == 1;
        }
        catch (SQLException e) {
            throw failure("deactivate hotel", e);
        }
    }

    /** The hotel with its room types, active or not. */
    public Optional<Hotel> find(long id)
    {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT " + HOTEL_COLUMNS + " FROM hotels WHERE id = ?")) {
            statement.setLong(1, id);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return Optional.empty();
                }
                return Optional.of(hotel(result).withRoomTypes(roomTypes(connection, id)));
            }
        }
        catch (SQLException e) {
            throw failure("read hotel", e);
        }
    }

    public List<Hotel> search(HotelSearch search)
    {
        StringBuilder sql = new StringBuilder("SELECT " + HOTEL_COLUMNS + " FROM hotels WHERE is_active");
        List<Object> parameters = new ArrayList<>();
        search.city().ifPresent(city -> {
            sql.append(" AND lower(city) = lower(?)");
            parameters.add(city);
        });
        search.stars().ifPresent(stars -> {
            sql.append(" AND star_rating = ?");
            parameters.add(stars);
        });
        search.minStars().ifPresent(stars -> {
            sql.append(" AND star_rating >= ?");
            parameters.add(stars);
        });
        if (!search.amenities().isEmpty()) {
            sql.append(" AND amenities @> ?");
            parameters.add(search.amenities());
        }
        search.after().ifPresent(after -> {
            sql.append(" AND id > ?");
            parameters.add(after);
        });
        sql.append(" ORDER BY id LIMIT ?");
        parameters.add(search.limit());
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            Databases.bind(connection, statement, parameters);
            List<Hotel> hotels = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    hotels.add(hotel(result));
                }
            }
            return hotels;
        }
        catch (SQLException e) {
            throw failure("search hotels", e);
        }
    }

    /** Which of {@code ids} are active hotels: one round trip for a whole batch of views. */
    public Set<Long> activeAmong(Collection<Long> ids)
    {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT id FROM hotels WHERE id = ANY (?) AND is_active")) {
            statement.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            Set<Long> active = new HashSet<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    active.add(result.getLong(1));
                }
            }
            return active;
        }
        catch (SQLException e) {
            throw failure("look up hotels", e);
        }
    }

    public List<RoomType> roomTypes(long hotelId)
    {
        try (Connection connection = dataSource.getConnection()) {
            return roomTypes(connection, hotelId);
        }
        catch (SQLException e) {
            throw failure("read room types", e);
        }
    }

    /** A new room type, with its nights for the inventory horizon, in one transaction. */
    public RoomType createRoomType(long hotelId, RoomTypeRequest request)
    {
        String sql = "INSERT INTO room_types (hotel_id, name, capacity, quantity, price_min_cents, price_max_cents, base_price_cents, overbooking_percent, auto_pricing) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + ROOM_TYPE_COLUMNS;
        return inTransaction("create room type", connection -> {
            RoomType roomType;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setLong(1, hotelId);
                bindRoomType(statement, request, 2);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    roomType = roomType(result);
                }
            }
            inventory.extendHorizon(connection, saleWindow.clock().instant(), saleWindow.horizonDays(), Optional.of(roomType.id()));
            return roomType;
        });
    }

    /**
     * Replaces a room type. A new quantity or overbooking percentage becomes the capacity of every
     * night from the hotel's today to the horizon, in the same transaction: a 409 naming the nights
     * where that is below what is sold and held. Other edits leave the nights alone.
     */
    public Optional<RoomType> updateRoomType(long hotelId, long roomTypeId, RoomTypeRequest request)
    {
        String sql = "UPDATE room_types SET name = ?, capacity = ?, quantity = ?, price_min_cents = ?, price_max_cents = ?, base_price_cents = ?, overbooking_percent = ?, auto_pricing = ?, updated_at = now() WHERE hotel_id = ? AND id = ? RETURNING " + ROOM_TYPE_COLUMNS;
        return inTransaction("update room type", connection -> {
            Optional<RoomTypeOnSale> before = roomTypeOnSale(connection, roomTypeId, true).filter(found -> found.hotelId() == hotelId);
            if (before.isEmpty()) {
                return Optional.empty();
            }
            RoomType roomType;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bindRoomType(statement, request, 1);
                statement.setLong(9, hotelId);
                statement.setLong(10, roomTypeId);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    roomType = roomType(result);
                }
            }
            RoomTypeOnSale old = before.get();
            if (old.quantity() != roomType.quantity() || old.overbookingPercent() != roomType.overbookingPercent()) {
                inventory.change(connection, roomTypeId, roomType.overbookingPercent(), saleWindow.today(old.timeZone()), saleWindow.end(old.timeZone()),
                        new InventoryRepository.Change(Optional.of(roomType.quantity()), Optional.empty(), Optional.empty()));
            }
            return Optional.of(roomType);
        });
    }

    /** A room type with what selling it needs: its hotel's time zone, currency and state. */
    public Optional<RoomTypeOnSale> roomTypeOnSale(long roomTypeId)
    {
        try (Connection connection = dataSource.getConnection()) {
            return roomTypeOnSale(connection, roomTypeId, false);
        }
        catch (SQLException e) {
            throw failure("read room type", e);
        }
    }

    /** As {@link #roomTypeOnSale(long)}, in the caller's transaction: a transaction never waits on a second connection from the pool. */
    public static Optional<RoomTypeOnSale> roomTypeOnSale(Connection connection, long roomTypeId)
            throws SQLException
    {
        return roomTypeOnSale(connection, roomTypeId, false);
    }

    private static Optional<RoomTypeOnSale> roomTypeOnSale(Connection connection, long roomTypeId, boolean lock)
            throws SQLException
    {
        String sql = """
                SELECT rt.id, rt.hotel_id, rt.capacity, rt.quantity, rt.overbooking_percent, rt.price_min_cents, rt.price_max_cents,
                       h.time_zone, h.currency, h.is_active
                FROM room_types rt JOIN hotels h ON h.id = rt.hotel_id
                WHERE rt.id = ?""" + (lock ? " FOR UPDATE OF rt" : "");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, roomTypeId);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return Optional.empty();
                }
                return Optional.of(new RoomTypeOnSale(result.getLong(1), result.getLong(2), result.getInt(3), result.getInt(4), result.getInt(5),
                        result.getLong(6), result.getLong(7), ZoneId.of(result.getString(8)), result.getString(9), result.getBoolean(10)));
            }
        }
    }

    /** A room type that opted in to automatic pricing, with what applying a price to it needs. */
    public record AutoPriced(long roomTypeId, long hotelId, long priceMinCents, long priceMaxCents, ZoneId timeZone, String currency) {}

    /** The room types of active hotels that opted in to automatic pricing, in id order. */
    public static List<AutoPriced> autoPriced(Connection connection)
            throws SQLException
    {
        List<AutoPriced> roomTypes = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT rt.id, rt.hotel_id, rt.price_min_cents, rt.price_max_cents, h.time_zone, h.currency
                FROM room_types rt JOIN hotels h ON h.id = rt.hotel_id
                WHERE rt.auto_pricing AND h.is_active ORDER BY rt.id""");
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                roomTypes.add(new AutoPriced(result.getLong(1), result.getLong(2), result.getLong(3), result.getLong(4), ZoneId.of(result.getString(5)),
                        result.getString(6)));
            }
        }
        return roomTypes;
    }

    private <T> T inTransaction(String what, Transactions.Work<T> work)
    {
        return transactions.run(work, e -> failure(what, e));
    }

    private static List<RoomType> roomTypes(Connection connection, long hotelId)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + ROOM_TYPE_COLUMNS + " FROM room_types WHERE hotel_id = ? ORDER BY id")) {
            statement.setLong(1, hotelId);
            List<RoomType> roomTypes = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    roomTypes.add(roomType(result));
                }
            }
            return roomTypes;
        }
    }

    private static void bindHotel(Connection connection, PreparedStatement statement, HotelRequest request)
            throws SQLException
    {
        statement.setString(1, request.name());
        statement.setString(2, request.city());
        statement.setString(3, request.country());
        statement.setString(4, request.address());
        statement.setInt(5, request.starRating());
        statement.setString(6, request.timeZone());
        statement.setString(7, request.currency());
        statement.setArray(8, connection.createArrayOf("text", request.amenities().toArray()));
        statement.setArray(9, connection.createArrayOf("text", request.imageUrls().toArray()));
        statement.setBoolean(10, request.isActive());
        statement.setString(11, request.description());
    }

    private static void bindRoomType(PreparedStatement statement, RoomTypeRequest request, int first)
            throws SQLException
    {
        statement.setString(first, request.name());
        statement.setInt(first + 1, request.capacity());
        statement.setInt(first + 2, request.quantity());
        statement.setLong(first + 3, request.priceMinCents());
        statement.setLong(first + 4, request.priceMaxCents());
        statement.setLong(first + 5, request.basePriceCents());
        statement.setInt(first + 6, request.overbookingPercent());
        statement.setBoolean(first + 7, request.autoPricing());
    }

    private static Hotel hotel(ResultSet result)
            throws SQLException
    {
        return new Hotel(
                result.getLong("id"),
                result.getString("name"),
                result.getString("city"),
                result.getString("country"),
                result.getString("address"),
                result.getString("description"),
                result.getInt("star_rating"),
                result.getString("time_zone"),
                result.getString("currency"),
                strings(result.getArray("amenities")),
                strings(result.getArray("image_urls")),
                result.getBoolean("is_active"),
                result.getTimestamp("created_at").toInstant(),
                result.getTimestamp("updated_at").toInstant(),
                null);
    }

    private static RoomType roomType(ResultSet result)
            throws SQLException
    {
        return new RoomType(
                result.getLong("id"),
                result.getLong("hotel_id"),
                result.getString("name"),
                result.getInt("capacity"),
                result.getInt("quantity"),
                result.getLong("price_min_cents"),
                result.getLong("price_max_cents"),
                result.getLong("base_price_cents"),
                result.getInt("overbooking_percent"),
                result.getBoolean("auto_pricing"),
                result.getTimestamp("created_at").toInstant(),
                result.getTimestamp("updated_at").toInstant());
    }

    private static List<String> strings(Array array)
            throws SQLException
    {
        return Arrays.stream((Object[]) array.getArray()).map(String.class::cast).toList();
    }

    private static RuntimeException failure(String action, SQLException e)
    {
        if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
            return DomainException.conflict("cannot %s: a record with the same name already exists".formatted(action));
        }
        return Databases.failure("cannot %s".formatted(action), e);
    }
}
