package io.hotellambda.schemas;

import java.time.Instant;
import java.util.UUID;

import static io.hotellambda.schemas.Checks.currencyCode;
import static io.hotellambda.schemas.Checks.positive;
import static io.hotellambda.schemas.Checks.required;

/** The guest checked out: the stay happened and its revenue is final. */
public record ReservationCompleted(
        UUID eventId,
        Instant receivedAt,
        @OptionalField Instant occurredAt,
        long hotelId,
        UUID reservationId,
        long roomTypeId,
        long totalCents,
        String currency)
        implements HotelEvent
{
    public ReservationCompleted
    {
        required(eventId, "event_id");
        required(receivedAt, "received_at");
        positive(hotelId, "hotel_id");
        required(reservationId, "reservation_id");
        positive(roomTypeId, "room_type_id");
        positive(totalCents, "total_cents");
        currencyCode(currency, "currency");
    }
}
