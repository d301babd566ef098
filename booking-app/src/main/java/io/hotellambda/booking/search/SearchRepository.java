package io.hotellambda.booking.search;

import io.hotellambda.booking.Databases;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The SQL of hotel search (V9__search.sql): which active hotels match the words and filters, and
 * what each offers the party. Matching is on {@code search_text} (unaccented, lower case, single
 * spaces) with pg_trgm: a city resolves to the catalog cities most similar to it (all of them at
 * the best similarity, so {@code Paris} does not also find {@code Parma}, and {@code Amsterdm}
 * finds {@code Amsterdam}), looked up in {@code search_cities}, one row per city; words in {@code q} match a name by trigram similarity or word
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
    public record Match(long id, String name, String city, String cityKey, String country, int stars, String currency, ZoneId timeZone, List<String> amenities, int relevance) {}

    /**
     * One room type of a matched hotel the party fits in. Dated: {@code nights} is how many of
     * the stay's nights it has open (not closed), {@code free}
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
        // the asked text goes in as parameters of search_text(), not through a CTE: a parameter is a
        // constant to the planner, so the trigram and full-text indexes serve the % and @@ below
        StringBuilder sql = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        String city = request.city().orElse(null);
        String query = request.query().orElse(null);
        if (city != null) {
            // the closest catalog cities (search_cities: one row per city), as an array, so the
            // hotels are then read by their city index
            sql.append("""
                    WITH similar_cities AS (
                        SELECT city_key, similarity(city_key, search_text(?)) AS closeness
                        FROM search_cities
                        WHERE active_hotels > 0 AND city_key % search_text(?)),
                      cities AS (SELECT ARRAY(SELECT city_key FROM similar_cities WHERE closeness >= (SELECT max(closeness) FROM similar_cities) - 0.000001) AS keys)
                    """);
            parameters.addAll(List.of(city, city));
        }
        if (query == null) {
            sql.append("SELECT h.id, h.name, h.city, h.city_key, h.country, h.star_rating, h.currency, h.time_zone, array_to_string(h.amenities, ','), 100 AS relevance FROM hotels h WHERE h.is_active");
        }
        else {
            sql.append("""
                    SELECT h.id, h.name, h.city, h.city_key, h.country, h.star_rating, h.currency, h.time_zone, array_to_string(h.amenities, ','),
                           round(100 * greatest(similarity(h.name_key, search_text(?)), word_similarity(search_text(?), h.name_key), similarity(h.city_key, search_text(?)),
                                                least(1.0, ts_rank(h.search_doc, websearch_to_tsquery('simple', search_text(?))) * 2)))::int AS relevance
                    FROM hotels h
                    WHERE h.is_active""");
            parameters.addAll(List.of(query, query, query, query));
        }
        if (city != null) {
            sql.append(" AND h.city_key = ANY ((SELECT keys FROM cities)::text[])");
        }
        if (query != null) {
            // one index scan per way of matching, united: as one OR, the planner prices the trigram
            // tests too cheaply and scans every hotel
            sql.append(" AND h.id = ANY (ARRAY(").append("""
                        SELECT id FROM hotels WHERE is_active AND name_key % search_text(?)
                        UNION SELECT id FROM hotels WHERE is_active AND search_text(?) <% name_key
                        UNION SELECT id FROM hotels WHERE is_active AND city_key % search_text(?)
                        UNION SELECT id FROM hotels WHERE is_active AND search_doc @@ websearch_to_tsquery('simple', search_text(?))))""");
            parameters.addAll(List.of(query, query, query, query));
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
            Databases.bind(connection, statement, parameters);
            List<Match> matches = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    matches.add(new Match(result.getLong(1), result.getString(2), result.getString(3), result.getString(4), result.getString(5),
                            result.getInt(6), result.getString(7), ZoneId.of(result.getString(8)), list(result.getString(9)), result.getInt(10)));
                }
            }
            return matches;
        }
        catch (SQLException e) {
            throw Databases.failure("cannot search hotels", e);
        }
    }

    /** The room types of {@code hotelIds} that fit the party and whose price band meets the asked range, priced for the stay when it is dated. */
    public List<Offer> offers(long[] hotelIds, SearchRequest request)
    {
        if (hotelIds.length == 0) {
            return List.of();
        }
        // a room type whose price band lies outside the asked range cannot offer a night in it
        String sql = request.stay().isEmpty()
                ? """
                SELECT rt.hotel_id, rt.id, rt.name, rt.capacity, 1, rt.quantity, rt.base_price_cents::text
                FROM room_types rt
                WHERE rt.hotel_id = ANY (?) AND rt.capacity::bigint * ? >= ? AND rt.price_max_cents >= ? AND rt.price_min_cents <= ?"""
                : """
                SELECT rt.hotel_id, rt.id, rt.name, rt.capacity, count(i.stay_date)::int,
                       coalesce(min(i.overbook_cap - i.sold - i.held), 0),
                       coalesce(string_agg(i.price_cents::text, ',' ORDER BY i.stay_date), '')
                FROM room_types rt
                LEFT JOIN room_inventory i ON i.room_type_id = rt.id AND i.stay_date >= ? AND i.stay_date < ? AND NOT i.closed
                WHERE rt.hotel_id = ANY (?) AND rt.capacity::bigint * ? >= ? AND rt.price_max_cents >= ? AND rt.price_min_cents <= ?
                GROUP BY rt.hotel_id, rt.id, rt.name, rt.capacity""";
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            int next = 1;
            if (request.stay().isPresent()) {
                statement.setDate(next++, Date.valueOf(request.stay().get().checkIn()));
                statement.setDate(next++, Date.valueOf(request.stay().get().checkOut()));
            }
            statement.setArray(next++, connection.createArrayOf("bigint", Arrays.stream(hotelIds).boxed().toArray()));
            statement.setInt(next++, request.rooms());
            statement.setInt(next++, request.guests());
            statement.setLong(next++, request.minPriceCents().orElse(0L));
            statement.setLong(next, request.maxPriceCents().orElse(Long.MAX_VALUE));
            List<Offer> offers = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    String prices = result.getString(7);
                    offers.add(new Offer(result.getLong(1), result.getLong(2), result.getString(3), result.getInt(4), result.getInt(5), result.getInt(6),
                            prices.isEmpty() ? new long[0] : Arrays.stream(prices.split(",")).mapToLong(Long::parseLong).toArray()));
                }
            }
            return offers;
        }
        catch (SQLException e) {
            throw Databases.failure("cannot read offers", e);
        }
    }

    /**
     * A text array read as {@code array_to_string(…, ',')}: decoding a PostgreSQL array in the
     * driver cost a third of a dated search's time in booking-app (bin/bench search, JFR). Amenity
     * tags hold no comma (HotelRequest's pattern).
     */
    private static List<String> list(String joined)
    {
        return joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }
}
