package io.hotellambda.booking.search;

import io.hotellambda.booking.Databases;

import javax.sql.DataSource;

import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The SQL of hotel search (V9__search.sql): which active hotels match the words and filters, and
 * what each offers the party. Matching is on {@code search_text} (unaccented, lower case, single
 * spaces) with pg_trgm: a city resolves to the catalog cities most similar to it (all of them at
 * the best similarity, so {@code Paris} does not also find {@code Parma}, and {@code Amsterdm}
 * finds {@code Amsterdam}); words in {@code q} match a name by trigram similarity or word
 * similarity, a city by similarity, or name and description by full text. Two statements, each
 * one round trip: the matches (the {@link #MAX_MATCHES} most relevant), then the offers of their
 * room types the party fits in.
 */
public final class SearchRepository
{
    /** The most hotels one search ranks; the rest are less relevant than all of these. */
    public static final int MAX_MATCHES = 1000;

    private final DataSource dataSource;

    public SearchRepository(DataSource dataSource)
    {
        this.dataSource = dataSource;
    }

    /** A hotel that matched, with its relevance in percent (0 to 100). */
    public record Match(long id, String name, String city, String cityKey, String country, int stars, String currency, List<String> amenities, int relevance) {}

    /**
     * One room type of a matched hotel the party fits in. Dated: {@code nights} is how many of
     * the stay's nights it has on sale (not closed, not before the hotel's today), {@code free}
     * the fewest rooms free over them, the prices those nights'. Undated: the base price, as one
     * night.
     */
    public record Offer(long hotelId, long roomTypeId, String name, int guestsPerRoom, int nights, int free, long[] nightPricesCents)
    {
        public long stayCents()
        {
            return Arrays.stream(nightPricesCents).sum();
        }
    }

    public List<Match> match(SearchRequest request)
    {
        StringBuilder sql = new StringBuilder("WITH asked AS (SELECT search_text(?) AS city, search_text(?) AS q, websearch_to_tsquery('simple', search_text(?)) AS words)");
        List<Object> parameters = new ArrayList<>();
        String city = request.city().orElse(null);
        String query = request.query().orElse(null);
        parameters.addAll(Arrays.asList(city, query, query));
        if (city != null) {
            sql.append("""
                    , similar_cities AS (
                        SELECT h.city_key, similarity(h.city_key, a.city) AS closeness
                        FROM hotels h, asked a
                        WHERE h.is_active AND (h.city_key = a.city OR h.city_key % a.city)
                        GROUP BY h.city_key, a.city),
                      cities AS (SELECT city_key FROM similar_cities WHERE closeness >= (SELECT max(closeness) FROM similar_cities) - 0.000001)""");
        }
        sql.append("""
                SELECT h.id, h.name, h.city, h.city_key, h.country, h.star_rating, h.currency, h.amenities,
                       round(100 * %s)::int AS relevance
                FROM hotels h, asked a
                WHERE h.is_active""".formatted(query == null
                ? "1.0"
                : "greatest(similarity(h.name_key, a.q), word_similarity(a.q, h.name_key), similarity(h.city_key, a.q), least(1.0, ts_rank(h.search_doc, a.words) * 2))"));
        if (city != null) {
            sql.append(" AND h.city_key IN (SELECT city_key FROM cities)");
        }
        if (query != null) {
            sql.append(" AND (h.name_key % a.q OR a.q <% h.name_key OR h.city_key % a.q OR h.search_doc @@ a.words)");
        }
        request.stars().ifPresent(stars -> {
            sql.append(" AND h.star_rating = ?");
            parameters.add(stars);
        });
        request.minStars().ifPresent(stars -> {
            sql.append(" AND h.star_rating >= ?");
            parameters.add(stars);
        });
        if (!request.amenities().isEmpty()) {
            sql.append(" AND h.amenities @> ?");
            parameters.add(request.amenities());
        }
        sql.append(" ORDER BY relevance DESC, h.id LIMIT ").append(MAX_MATCHES);
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            bind(connection, statement, parameters);
            List<Match> matches = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    matches.add(new Match(result.getLong(1), result.getString(2), result.getString(3), result.getString(4), result.getString(5),
                            result.getInt(6), result.getString(7), strings(result.getArray(8)), result.getInt(9)));
                }
            }
            return matches;
        }
        catch (SQLException e) {
            throw Databases.failure("cannot search hotels", e);
        }
    }

    /** The room types of {@code hotelIds} that fit the party, priced for the stay when it is dated; {@code now} decides each hotel's today. */
    public List<Offer> offers(long[] hotelIds, SearchRequest request, Instant now)
    {
        if (hotelIds.length == 0) {
            return List.of();
        }
        String sql = request.stay().isEmpty()
                ? """
                SELECT rt.hotel_id, rt.id, rt.name, rt.capacity, 1, rt.quantity, ARRAY[rt.base_price_cents]
                FROM room_types rt
                WHERE rt.hotel_id = ANY (?) AND rt.capacity::bigint * ? >= ?"""
                : """
                SELECT rt.hotel_id, rt.id, rt.name, rt.capacity, count(i.stay_date)::int,
                       coalesce(min(i.overbook_cap - i.sold - i.held), 0),
                       coalesce(array_agg(i.price_cents ORDER BY i.stay_date) FILTER (WHERE i.stay_date IS NOT NULL), '{}')
                FROM room_types rt
                JOIN hotels h ON h.id = rt.hotel_id
                LEFT JOIN room_inventory i ON i.room_type_id = rt.id AND i.stay_date >= ? AND i.stay_date < ? AND NOT i.closed
                     AND i.stay_date >= (?::timestamptz AT TIME ZONE h.time_zone)::date
                WHERE rt.hotel_id = ANY (?) AND rt.capacity::bigint * ? >= ?
                GROUP BY rt.hotel_id, rt.id, rt.name, rt.capacity""";
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            int next = 1;
            if (request.stay().isPresent()) {
                statement.setDate(next++, Date.valueOf(request.stay().get().checkIn()));
                statement.setDate(next++, Date.valueOf(request.stay().get().checkOut()));
                statement.setTimestamp(next++, Timestamp.from(now));
            }
            statement.setArray(next++, connection.createArrayOf("bigint", Arrays.stream(hotelIds).boxed().toArray()));
            statement.setInt(next++, request.rooms());
            statement.setInt(next, request.guests());
            List<Offer> offers = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    Object[] prices = (Object[]) result.getArray(7).getArray();
                    offers.add(new Offer(result.getLong(1), result.getLong(2), result.getString(3), result.getInt(4), result.getInt(5), result.getInt(6),
                            Arrays.stream(prices).mapToLong(price -> ((Number) price).longValue()).toArray()));
                }
            }
            return offers;
        }
        catch (SQLException e) {
            throw Databases.failure("cannot read offers", e);
        }
    }

    private static void bind(Connection connection, PreparedStatement statement, List<Object> parameters)
            throws SQLException
    {
        for (int i = 0; i < parameters.size(); i++) {
            Object parameter = parameters.get(i);
            if (parameter instanceof List<?> list) {
                statement.setArray(i + 1, connection.createArrayOf("text", list.toArray()));
            }
            else if (parameter == null) {
                statement.setNull(i + 1, java.sql.Types.VARCHAR);
            }
            else {
                statement.setObject(i + 1, parameter);
            }
        }
    }

    private static List<String> strings(Array array)
            throws SQLException
    {
        return Arrays.stream((Object[]) array.getArray()).map(String.class::cast).toList();
    }
}
