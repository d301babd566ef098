package io.hotellambda.schemas;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.hotellambda.schemas.Checks.currencyCode;
import static io.hotellambda.schemas.Checks.identifier;
import static io.hotellambda.schemas.Checks.positive;
import static io.hotellambda.schemas.Checks.required;
import static io.hotellambda.schemas.Checks.stay;

/**
 * Payment succeeded: {@code total_cents} is confirmed revenue. {@code check_in}, {@code check_out}
 * and {@code rooms} (optional, all or none; booking-app always sends them) give the room nights
 * sold; an event without them sold none that anyone can count. {@code night_prices_cents}
 * (optional; booking-app sends it) is one room's price of each night, which the stay-date tables
 * spread the revenue by; times {@code rooms} they sum to {@code total_cents}.
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
        @OptionalField Integer rooms,
        @OptionalField List<Long> nightPricesCents)
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
        if (nightPricesCents != null) {
            if (checkIn == null || nightPricesCents.size() != ChronoUnit.DAYS.between(checkIn, checkOut)) {
                throw new ValidationException("field[night_prices_cents] needs check_in, check_out and rooms, and one price per night");
            }
            nightPricesCents = List.copyOf(nightPricesCents);
            long perRoom = 0;
            for (Long price : nightPricesCents) {
                perRoom += positive(required(price, "night_prices_cents[]"), "night_prices_cents[]");
            }
            if (perRoom * rooms != totalCents) {
                throw new ValidationException("field[night_prices_cents] sum to %s a room, which for %s rooms is not total_cents[%s]".formatted(perRoom, rooms, totalCents));
            }
        }
    }

    /** Rooms times nights: 0 when the event does not say. */
    public long roomNights()
    {
        return checkIn == null ? 0 : rooms * ChronoUnit.DAYS.between(checkIn, checkOut);
    }
}
