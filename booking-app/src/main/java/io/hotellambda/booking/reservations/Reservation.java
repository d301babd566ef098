package io.hotellambda.booking.reservations;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
        Instant updatedAt)
{
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

    public Reservation withStatus(ReservationStatus status, Instant at)
    {
        return new Reservation(id, hotelId, roomTypeId, guestId, checkIn, checkOut, rooms, guests, status, nightPricesCents, totalCents, currency, holdExpiresAt, createdAt, at);
    }
}
