package io.hotellambda.schemas;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static io.hotellambda.schemas.Checks.currencyCode;
import static io.hotellambda.schemas.Checks.identifier;
import static io.hotellambda.schemas.Checks.positive;
import static io.hotellambda.schemas.Checks.required;
import static io.hotellambda.schemas.Checks.stay;

/**
 * Payment succeeded: {@code total_cents} is confirmed revenue. {@code check_in}, {@code check_out}
 * and {@code rooms} (optional, all or none; booking-app always sends them) give the room nights
 * sold; an event without them sold none that anyone can count.
 */
public record ReservationConfirmed(
        UUID eventId,
        Instant receivedAt,
        @OptionalField Instant occurredAt,
        long hotelId,
        UUID reservationId,
        long roomTypeId,
        long totalCents,
        String currency,
        String paymentId,
        @OptionalField LocalDate checkIn,
        @OptionalField LocalDate checkOut,
        @OptionalField Integer rooms)
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
        if (checkIn != null || checkOut != null || rooms != null) {
            stay(checkIn, checkOut);
            positive(required(rooms, "rooms"), "rooms");
        }
    }

    /** Rooms times nights: 0 when the event does not say. */
    public long roomNights()
    {
        return checkIn == null ? 0 : rooms * ChronoUnit.DAYS.between(checkIn, checkOut);
    }
}
