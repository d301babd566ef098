package io.hotellambda.speed;

import io.hotellambda.schemas.HotelViewed;
import io.hotellambda.schemas.PaymentFailed;
import io.hotellambda.schemas.ReservationCancelled;
import io.hotellambda.schemas.ReservationConfirmed;
import io.hotellambda.schemas.ReservationCreated;
import io.hotellambda.schemas.ReservationExpired;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** Valid events for tests, with the fields the speed layer counts chosen by the caller. */
final class TestingEvents
{
    private TestingEvents() {}

    static HotelViewed view(long hotelId, Instant receivedAt, String viewer, String country, String device)
    {
        return new HotelViewed(UUID.randomUUID(), receivedAt, null, hotelId, viewer, country, device);
    }

    static ReservationCreated created(long hotelId, Instant receivedAt, long totalCents, String currency)
    {
        return new ReservationCreated(UUID.randomUUID(), receivedAt, null, hotelId, UUID.randomUUID(), 1, "guest-1",
                LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 3), 1, totalCents, currency, receivedAt.plusSeconds(900));
    }

    /** Two nights of {@code rooms} rooms. */
    static ReservationConfirmed confirmed(long hotelId, Instant receivedAt, long totalCents, String currency, int rooms)
    {
        return new ReservationConfirmed(UUID.randomUUID(), receivedAt, null, hotelId, UUID.randomUUID(), 1, totalCents, currency, "pay-1",
                LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 3), rooms, null);
    }

    /** {@code reason} {@code paid_after_...} is a late payment sent back, which no booking number counts. */
    static ReservationCancelled cancelled(long hotelId, Instant receivedAt, long refundCents, String currency, String reason)
    {
        return new ReservationCancelled(UUID.randomUUID(), receivedAt, null, hotelId, UUID.randomUUID(), 1, refundCents, currency, reason);
    }

    static ReservationExpired expired(long hotelId, Instant receivedAt, String currency)
    {
        return new ReservationExpired(UUID.randomUUID(), receivedAt, null, hotelId, UUID.randomUUID(), 1, currency);
    }

    static PaymentFailed paymentFailed(long hotelId, Instant receivedAt, long amountCents, String currency)
    {
        return new PaymentFailed(UUID.randomUUID(), receivedAt, null, hotelId, UUID.randomUUID(), amountCents, currency, "declined");
    }
}
