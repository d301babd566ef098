package io.hotellambda.schemas;

import java.time.Instant;
import java.util.UUID;

import static io.hotellambda.schemas.Checks.currencyCode;
import static io.hotellambda.schemas.Checks.identifier;
import static io.hotellambda.schemas.Checks.positive;
import static io.hotellambda.schemas.Checks.required;

/** A payment attempt for a held reservation was declined; the hold stays until it expires. */
public record PaymentFailed(
        UUID eventId,
        Instant receivedAt,
        @OptionalField Instant occurredAt,
        long hotelId,
        UUID reservationId,
        long amountCents,
        String currency,
        String reason)
        implements HotelEvent
{
    public PaymentFailed
    {
        required(eventId, "event_id");
        required(receivedAt, "received_at");
        positive(hotelId, "hotel_id");
        required(reservationId, "reservation_id");
        positive(amountCents, "amount_cents");
        currencyCode(currency, "currency");
        identifier(reason, "reason");
    }
}
