package io.hotellambda.schemas;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static io.hotellambda.schemas.Checks.identifier;
import static io.hotellambda.schemas.Checks.nonNegative;
import static io.hotellambda.schemas.Checks.positive;
import static io.hotellambda.schemas.Checks.required;
import static io.hotellambda.schemas.Checks.stay;

/**
 * A guest searched. It spans hotels, so it has no {@code hotel_id}; it is keyed by {@code city}:
 * the catalog city the search resolved to (as {@link #cityKey} spells it), the text asked when no
 * city matched, or {@link #ANY_CITY} for a search by name only. It carries what was asked (the
 * text, the stay when dated, rooms, guests, filters, sort), what was shown (the number of matching
 * hotels, the ids on this page), whether this was the first page, and {@code sold_out}: a dated
 * search whose hotels all exist but none has a fitting room free on every night.
 */
public record SearchPerformed(
        UUID eventId,
        Instant receivedAt,
        @OptionalField Instant occurredAt,
        String searcherId,
        String city,
        @OptionalField String query,
        @OptionalField LocalDate checkIn,
        @OptionalField LocalDate checkOut,
        int rooms,
        int guests,
        @OptionalField Long minPriceCents,
        @OptionalField Long maxPriceCents,
        @OptionalField Integer stars,
        @OptionalField Integer minStars,
        @OptionalField List<String> amenities,
        String sort,
        boolean firstPage,
        int resultCount,
        List<Long> shownHotelIds,
        boolean soldOut)
        implements PlatformEvent
{
    /** The {@code city} of a search that named no city. */
    public static final String ANY_CITY = "*";

    public SearchPerformed
    {
        required(eventId, "event_id");
        required(receivedAt, "received_at");
        identifier(searcherId, "searcher_id");
        identifier(city, "city");
        if (checkIn != null || checkOut != null) {
            stay(checkIn, checkOut);
        }
        positive(rooms, "rooms");
        positive(guests, "guests");
        identifier(sort, "sort");
        nonNegative(resultCount, "result_count");
        shownHotelIds = List.copyOf(required(shownHotelIds, "shown_hotel_ids"));
        amenities = amenities == null ? List.of() : List.copyOf(amenities);
        if (soldOut && (checkIn == null || resultCount > 0)) {
            throw new ValidationException("field[sold_out] is true only for a dated search with no results");
        }
    }

    /** Whether the search had dates (only a dated search can be sold out). */
    public boolean dated()
    {
        return checkIn != null;
    }

    /** The city as keys and counters spell it: trimmed, lower case. */
    public static String cityKey(String city)
    {
        return city.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public String partitionKey()
    {
        return cityKey(city);
    }
}
