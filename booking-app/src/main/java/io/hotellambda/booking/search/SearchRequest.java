package io.hotellambda.booking.search;

import io.hotellambda.booking.catalog.HotelRequest;
import io.hotellambda.booking.inventory.Stay;
import io.hotellambda.schemas.Checks;
import io.hotellambda.schemas.ValidationException;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v1/search}, checked. A search names a destination ({@code city}, or words in
 * {@code q}, or both); dates are both given or both absent; {@code rooms} and {@code guests}
 * default to one room and one guest per room, dated or not (an undated search still shows only
 * room types the party fits in). Prices are per night, in minor units of each hotel's currency,
 * as every price of the API: with dates the stay's average nightly price, without its base price.
 */
public record SearchRequest(
        Optional<String> query,
        Optional<String> city,
        Optional<Stay> stay,
        int rooms,
        int guests,
        Optional<Long> minPriceCents,
        Optional<Long> maxPriceCents,
        Optional<Integer> stars,
        Optional<Integer> minStars,
        List<String> amenities,
        SearchSort sort,
        int limit,
        Optional<SearchCursor> after)
{
    public static final int MAX_QUERY = 200;
    public static final int MAX_CITY = 100;
    public static final int MAX_LIMIT = 50;
    public static final int DEFAULT_LIMIT = 20;
    private static final int MAX_AMENITIES = 10;

    public SearchRequest
    {
        query = query.map(String::strip).filter(value -> !value.isEmpty()).map(value -> Checks.text(value, "q", MAX_QUERY));
        city = city.map(String::strip).filter(value -> !value.isEmpty()).map(value -> Checks.text(value, "city", MAX_CITY));
        if (query.isEmpty() && city.isEmpty()) {
            throw new ValidationException("a search needs a destination: query parameter[city] or [q]");
        }
        if (rooms < 1 || rooms > Stay.MAX_ROOMS) {
            throw new ValidationException("query parameter[rooms] must be 1 to %s, got %s".formatted(Stay.MAX_ROOMS, rooms));
        }
        if (guests < 1 || guests > Stay.MAX_GUESTS) {
            throw new ValidationException("query parameter[guests] must be 1 to %s, got %s".formatted(Stay.MAX_GUESTS, guests));
        }
        minPriceCents.ifPresent(value -> nonNegative(value, "min_price"));
        maxPriceCents.ifPresent(value -> nonNegative(value, "max_price"));
        if (minPriceCents.isPresent() && maxPriceCents.isPresent() && minPriceCents.get() > maxPriceCents.get()) {
            throw new ValidationException("query parameter[min_price] %s is above max_price %s".formatted(minPriceCents.get(), maxPriceCents.get()));
        }
        stars.ifPresent(value -> starRating(value, "stars"));
        minStars.ifPresent(value -> starRating(value, "min_stars"));
        amenities = amenities.stream().map(HotelRequest::amenity).distinct().toList();
        if (amenities.size() > MAX_AMENITIES) {
            throw new ValidationException("query parameter[amenity] is given %s times; at most %s".formatted(amenities.size(), MAX_AMENITIES));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("query parameter[limit] must be 1 to %s, got %s".formatted(MAX_LIMIT, limit));
        }
        after.ifPresent(cursor -> {
            if (cursor.sort() != sort) {
                throw new ValidationException("query parameter[after] continues a search sorted by %s, not %s".formatted(cursor.sort().label(), sort.label()));
            }
        });
    }

    /** Dates both or neither; the party as {@link Stay} checks it. */
    public static SearchRequest of(Optional<String> query, Optional<String> city, Optional<LocalDate> checkIn, Optional<LocalDate> checkOut,
            Optional<Integer> rooms, Optional<Integer> guests, Optional<Long> minPriceCents, Optional<Long> maxPriceCents,
            Optional<Integer> stars, Optional<Integer> minStars, List<String> amenities, SearchSort sort, Optional<Integer> limit,
            Optional<SearchCursor> after)
    {
        if (checkIn.isPresent() != checkOut.isPresent()) {
            throw new ValidationException("query parameters check_in and check_out go together: give both or neither");
        }
        int roomCount = rooms.orElse(1);
        int guestCount = guests.orElse(roomCount);
        Optional<Stay> stay = checkIn.map(in -> new Stay(in, checkOut.get(), roomCount, guestCount));
        return new SearchRequest(query, city, stay, roomCount, guestCount, minPriceCents, maxPriceCents, stars, minStars, amenities, sort,
                limit.orElse(DEFAULT_LIMIT), after);
    }

    /** Whether the party fits rooms of {@code guestsPerRoom}. */
    public boolean fits(int guestsPerRoom)
    {
        return guests <= (long) guestsPerRoom * rooms;
    }

    /** Whether a nightly price in minor units is inside the asked range. */
    public boolean priceInRange(long nightlyCents)
    {
        return minPriceCents.map(min -> nightlyCents >= min).orElse(true) && maxPriceCents.map(max -> nightlyCents <= max).orElse(true);
    }

    private static void nonNegative(long value, String name)
    {
        if (value < 0) {
            throw new ValidationException("query parameter[%s] must be 0 or more, got %s".formatted(name, value));
        }
    }

    private static void starRating(int value, String name)
    {
        if (value < 1 || value > 5) {
            throw new ValidationException("query parameter[%s] must be 1 to 5, got %s".formatted(name, value));
        }
    }
}
