package io.hotellambda.booking.reservations;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A reservation as its guest and its hotel see it. {@code nights} are the stay's nights, each at
 * the nightly price of one room when it was held; {@code total_cents} is their sum times
 * {@code rooms}, in the hotel's currency.
 */
public record Reservation(
        @JsonProperty("reservation_id") UUID id,
        long hotelId,
        long roomTypeId,
        UUID guestId,
        LocalDate checkIn,
        LocalDate checkOut,
        int rooms,
        int guests,
        ReservationStatus status,
        @JsonIgnore List<Long> nightPricesCents,
        long totalCents,
        String currency,
        Instant holdExpiresAt,
        Instant createdAt,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String invoiceNumber,
        long paidCents,
        long refundedCents)
{
    /** A new hold: nothing paid, no invoice. */
    public static Reservation held(UUID id, long hotelId, long roomTypeId, UUID guestId, LocalDate checkIn, LocalDate checkOut, int rooms, int guests,
            List<Long> nightPricesCents, long totalCents, String currency, Instant holdExpiresAt, Instant now)
    {
        return new Reservation(id, hotelId, roomTypeId, guestId, checkIn, checkOut, rooms, guests, ReservationStatus.HELD, nightPricesCents, totalCents, currency,
                holdExpiresAt, now, now, null, 0, 0);
    }

    public record PricedNight(LocalDate date, long priceCents) {}

    @JsonProperty("nights")
    public List<PricedNight> nights()
    {
        List<PricedNight> nights = new ArrayList<>(nightPricesCents.size());
        for (int i = 0; i < nightPricesCents.size(); i++) {
            nights.add(new PricedNight(checkIn.plusDays(i), nightPricesCents.get(i)));
        }
        return nights;
    }

    /** Paid in full and sold: its invoice number. */
    public Reservation confirmed(String invoice, Instant at)
    {
        return new Reservation(id, hotelId, roomTypeId, guestId, checkIn, checkOut, rooms, guests, ReservationStatus.CONFIRMED, nightPricesCents, totalCents, currency,
                holdExpiresAt, createdAt, at, invoice, totalCents, refundedCents);
    }

    /** Ended {@code status} with {@code refund} more given back (of what was paid: {@code paid}). */
    public Reservation ended(ReservationStatus status, long paid, long refund, Instant at)
    {
        return new Reservation(id, hotelId, roomTypeId, guestId, checkIn, checkOut, rooms, guests, status, nightPricesCents, totalCents, currency,
                holdExpiresAt, createdAt, at, invoiceNumber, paid, refundedCents + refund);
    }

    /** The cost of one room's first night: the basis of a first-night cancellation fee, times rooms. */
    public long firstNightCents()
    {
        return nightPricesCents.get(0) * rooms;
    }
}
