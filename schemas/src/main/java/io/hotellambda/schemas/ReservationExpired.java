package io.hotellambda.schemas;

import java.time.Instant;
import java.util.UUID;

import static io.hotellambda.schemas.Checks.currencyCode;
import static io.hotellambda.schemas.Checks.positive;
import static io.hotellambda.schemas.Checks.required;

/**
 * The hold ran out before payment; its rooms went back to inventory. {@code currency} (optional;
 * booking-app always sends it) is the reservation's, so that booking counts can be kept per
 * currency like the money they go with.
 */
public record ReservationExpired(
        UUID eventId,
        Instant receivedAt,
        @OptionalField Instant occurredAt,
        long hotelId,
        UUID reservationId,
        long roomTypeId,
        @OptionalField String currency)
        implements HotelEvent
{
    public ReservationExpired
    {
        required(eventId, "event_id");
        required(receivedAt, "received_at");
        positive(hotelId, "hotel_id");
        required(reservationId, "reservation_id");
        positive(roomTypeId, "room_type_id");
        if (currency != null) {
            currencyCode(currency, "currency");
        }
    }
}
