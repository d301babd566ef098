package io.hotellambda.booking.catalog;

import io.hotellambda.booking.Databases;
import io.hotellambda.schemas.DomainException;

import javax.sql.DataSource;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    private static final String HOTEL_COLUMNS = "id, name, city, country, address, star_rating, amenities, image_urls, is_active, created_at, updated_at";
    private static final String ROOM_TYPE_COLUMNS = "id, hotel_id, name, capacity, quantity, price_min_cents, price_max_cents, created_at, updated_at";
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    public HotelRepository(DataSource dataSource)
    {
        this.dataSource = dataSource;
    }

    public Hotel create(HotelRequest request)
    {
        String sql = "INSERT INTO hotels (name, city, country, address, star_rating, amenities, image_urls, is_active) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + HOTEL_COLUMNS;
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
        String sql = "UPDATE hotels SET name = ?, city = ?, country = ?, address = ?, star_rating = ?, amenities = ?, image_urls = ?, is_active = ?, updated_at = now() WHERE id = ? RETURNING " + HOTEL_COLUMNS;
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            bindHotel(connection, statement, request);
            statement.setLong(9, id);
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
            for (int i = 0; i < parameters.size(); i++) {
                Object parameter = parameters.get(i);
                if (parameter instanceof List<?> list) {
                    statement.setArray(i + 1, connection.createArrayOf("text", list.toArray()));
                }
                else {
                    statement.setObject(i + 1, parameter);
                }
            }
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

    public RoomType createRoomType(long hotelId, RoomTypeRequest request)
    {
        String sql = "INSERT INTO room_types (hotel_id, name, capacity, quantity, price_min_cents, price_max_cents) VALUES (?, ?, ?, ?, ?, ?) RETURNING " + ROOM_TYPE_COLUMNS;
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, hotelId);
            bindRoomType(statement, request, 2);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return roomType(result);
            }
        }
        catch (SQLException e) {
            throw failure("create room type", e);
        }
    }

    public Optional<RoomType> updateRoomType(long hotelId, long roomTypeId, RoomTypeRequest request)
    {
        String sql = "UPDATE room_types SET name = ?, capacity = ?, quantity = ?, price_min_cents = ?, price_max_cents = ?, updated_at = now() WHERE hotel_id = ? AND id = ? RETURNING " + ROOM_TYPE_COLUMNS;
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            bindRoomType(statement, request, 1);
            statement.setLong(6, hotelId);
            statement.setLong(7, roomTypeId);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Optional.of(roomType(result)) : Optional.empty();
            }
        }
        catch (SQLException e) {
            throw failure("update room type", e);
        }
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
        statement.setArray(6, connection.createArrayOf("text", request.amenities().toArray()));
        statement.setArray(7, connection.createArrayOf("text", request.imageUrls().toArray()));
        statement.setBoolean(8, request.isActive());
    }

    private static void bindRoomType(PreparedStatement statement, RoomTypeRequest request, int first)
            throws SQLException
    {
        statement.setString(first, request.name());
        statement.setInt(first + 1, request.capacity());
        statement.setInt(first + 2, request.quantity());
        statement.setLong(first + 3, request.priceMinCents());
        statement.setLong(first + 4, request.priceMaxCents());
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
                result.getInt("star_rating"),
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
