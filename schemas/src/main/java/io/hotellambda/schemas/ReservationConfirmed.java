package io.hotellambda.schemas;

import java.time.Instant;
import java.util.UUID;

import static io.hotellambda.schemas.Checks.currencyCode;
import static io.hotellambda.schemas.Checks.identifier;
import static io.hotellambda.schemas.Checks.positive;
import static io.hotellambda.schemas.Checks.required;

/** Payment succeeded: {@code total_cents} is confirmed revenue. */
public record ReservationConfirmed(
        UUID eventId,
        Instant receivedAt,
        @OptionalField Instant occurredAt,
        long hotelId,
        UUID reservationId,
        long roomTypeId,
        long totalCents,
        String currency,
        String paymentId)
        implements HotelEvent
{
    public ReservationConfirmed
    {
        required(eventId, "event_id");
        required(receivedAt, "received_at");
        positive(hotelId, "hotel_id");
        required(reservationId, "reservation_id");
        positive(roomTypeId, "room_type_id");
        positive(totalCents, "total_cents");
        currencyCode(currency, "currency");
        identifier(paymentId, "payment_id");
    }
}
