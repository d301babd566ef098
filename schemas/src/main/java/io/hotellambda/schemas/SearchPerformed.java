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
 * A guest searched for a stay. It spans hotels, so it has no {@code hotel_id}; it is keyed by city
 * and lists the ids of the hotels shown on the first page of results.
 */
public record SearchPerformed(
        UUID eventId,
        Instant receivedAt,
        @OptionalField Instant occurredAt,
        String searcherId,
        String city,
        LocalDate checkIn,
        LocalDate checkOut,
        int guests,
        int resultCount,
        List<Long> shownHotelIds)
        implements PlatformEvent
{
    public SearchPerformed
    {
        required(eventId, "event_id");
        required(receivedAt, "received_at");
        identifier(searcherId, "searcher_id");
        identifier(city, "city");
        stay(checkIn, checkOut);
        positive(guests, "guests");
        nonNegative(resultCount, "result_count");
        shownHotelIds = List.copyOf(required(shownHotelIds, "shown_hotel_ids"));
    }

    @Override
    public String partitionKey()
    {
        return city.toLowerCase(Locale.ROOT);
    }
}
