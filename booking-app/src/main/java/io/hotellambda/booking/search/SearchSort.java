package io.hotellambda.booking.search;

import io.hotellambda.schemas.Checks;
import io.hotellambda.schemas.ValidationException;

import java.util.Arrays;
import java.util.Locale;

/**
 * The orders of {@code GET /v1/search}. Each ranks a hotel by a key of three longs, smallest
 * first, the last being the hotel id, so the order is total and a page can continue after a key
 * ({@link SearchCursor}). None of the keys depends on how many rooms are free, so a hold taken
 * between two pages moves no hotel: it can only take one out (sold out) or, when it expires, put
 * one back in its place.
 */
public enum SearchSort
{
    /** Best match first, then the most viewed over the last 7 days. */
    RELEVANCE,
    /** Most viewed over the last 7 days first, then best match. */
    POPULARITY,
    /** Lowest nightly price first (the stay's average with dates, the base price without), then best match. */
    PRICE,
    /** Most stars first, then best match. */
    STARS;

    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SearchSort parse(String value)
    {
        if (value == null || value.isBlank()) {
            return RELEVANCE;
        }
        for (SearchSort sort : values()) {
            if (sort.label().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return sort;
            }
        }
        throw new ValidationException("query parameter[sort]='%s' must be one of %s".formatted(Checks.abbreviate(value),
                Arrays.stream(values()).map(SearchSort::label).toList()));
    }

    /** The hotel's key in this order; smaller comes first. */
    long[] key(int relevance, long popularity, long nightlyCents, int stars, long hotelId)
    {
        return switch (this) {
            case RELEVANCE -> new long[] {-relevance, -popularity, hotelId};
            case POPULARITY -> new long[] {-popularity, -relevance, hotelId};
            case PRICE -> new long[] {nightlyCents, -relevance, hotelId};
            case STARS -> new long[] {-stars, -relevance, hotelId};
        };
    }
}
