package io.hotellambda.schemas;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import static io.hotellambda.schemas.Checks.currencyCode;
import static io.hotellambda.schemas.Checks.identifier;
import static io.hotellambda.schemas.Checks.positive;
import static io.hotellambda.schemas.Checks.required;
import static io.hotellambda.schemas.Checks.stay;

/** Rooms are held for a guest until {@code hold_expires_at}; payment confirms the reservation. */
public record ReservationCreated(
        UUID eventId,
        Instant receivedAt,
        @OptionalField Instant occurredAt,
        long hotelId,
        UUID reservationId,
        long roomTypeId,
        String guestId,
        LocalDate checkIn,
        LocalDate checkOut,
        int rooms,
        long totalCents,
        String currency,
        Instant holdExpiresAt)
        implements HotelEvent
{
    public ReservationCreated
    {
        required(eventId, "event_id");
        required(receivedAt, "received_at");
        positive(hotelId, "hotel_id");
        required(reservationId, "reservation_id");
        positive(roomTypeId, "room_type_id");
        identifier(guestId, "guest_id");
        stay(checkIn, checkOut);
        positive(rooms, "rooms");
        positive(totalCents, "total_cents");
        currencyCode(currency, "currency");
        required(holdExpiresAt, "hold_expires_at");
    }
}
