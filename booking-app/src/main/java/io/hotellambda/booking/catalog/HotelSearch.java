package io.hotellambda.booking.catalog;

import io.hotellambda.schemas.ValidationException;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Filters of {@code GET /v1/hotels}: all given filters must match; only active hotels are found.
 * Pages are keyed by id ({@code after}), so a page never repeats or skips a hotel.
 */
public record HotelSearch(
        Optional<String> city,
        OptionalInt stars,
        OptionalInt minStars,
        List<String> amenities,
        int limit,
        OptionalLong after)
{
    public static final int MAX_LIMIT = 100;

    public HotelSearch
    {
        amenities = amenities.stream().map(HotelRequest::amenity).distinct().toList();
        stars.ifPresent(value -> checkStars(value, "stars"));
        minStars.ifPresent(value -> checkStars(value, "min_stars"));
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("query parameter[limit] must be 1 to %s, got %s".formatted(MAX_LIMIT, limit));
        }
    }

    private static void checkStars(int value, String name)
    {
        if (value < 1 || value > 5) {
            throw new ValidationException("query parameter[%s] must be 1 to 5, got %s".formatted(name, value));
        }
    }
}
