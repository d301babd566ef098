package io.hotellambda.schemas;

import java.time.Instant;
import java.util.UUID;

import static io.hotellambda.schemas.Checks.currencyCode;
import static io.hotellambda.schemas.Checks.identifier;
import static io.hotellambda.schemas.Checks.nonNegative;
import static io.hotellambda.schemas.Checks.positive;
import static io.hotellambda.schemas.Checks.required;

/** The guest or the hotel cancelled; {@code refund_cents} may be zero. */
public record ReservationCancelled(
        UUID eventId,
        Instant receivedAt,
        @OptionalField Instant occurredAt,
        long hotelId,
        UUID reservationId,
        long roomTypeId,
        long refundCents,
        String currency,
        String reason)
        implements HotelEvent
{
    public ReservationCancelled
    {
        required(eventId, "event_id");
        required(receivedAt, "received_at");
        positive(hotelId, "hotel_id");
        required(reservationId, "reservation_id");
        positive(roomTypeId, "room_type_id");
        nonNegative(refundCents, "refund_cents");
        currencyCode(currency, "currency");
        identifier(reason, "reason");
    }

    /** Reasons of a payment that arrived after its hold had ended and was sent back whole: no booking was cancelled. */
    public static final String LATE_PAYMENT_REASON_PREFIX = "paid_after_";

    /**
     * Whether this returns a payment that came after the hold had expired, failed or been
     * cancelled: money that was never revenue, so neither a cancellation nor a refund of revenue.
     */
    public boolean returnsLatePayment()
    {
        return reason.startsWith(LATE_PAYMENT_REASON_PREFIX);
    }
}
