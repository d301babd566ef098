package io.hotellambda.notifier;

import io.hotellambda.schemas.PaymentFailed;
import io.hotellambda.schemas.PlatformEvent;
import io.hotellambda.schemas.ReservationCancelled;
import io.hotellambda.schemas.ReservationCompleted;
import io.hotellambda.schemas.ReservationConfirmed;
import io.hotellambda.schemas.ReservationCreated;
import io.hotellambda.schemas.ReservationExpired;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The mails an event causes, to the guest and to the hotel (when it gave an address): a hold, a
 * confirmation (with its total and invoice id), a payment failure, an expiry, a cancellation (with
 * its refund). A completed stay causes none. Pure: the same event renders the same mails.
 */
public final class MailRenderer
{
    /** The reservation a booking event is about; empty for any other event. */
    public static Optional<UUID> reservationOf(PlatformEvent event)
    {
        if (event instanceof ReservationCreated created) {
            return Optional.of(created.reservationId());
        }
        if (event instanceof ReservationConfirmed confirmed) {
            return Optional.of(confirmed.reservationId());
        }
        if (event instanceof PaymentFailed failed) {
            return Optional.of(failed.reservationId());
        }
        if (event instanceof ReservationExpired expired) {
            return Optional.of(expired.reservationId());
        }
        if (event instanceof ReservationCancelled cancelled) {
            return Optional.of(cancelled.reservationId());
        }
        if (event instanceof ReservationCompleted completed) {
            return Optional.of(completed.reservationId());
        }
        return Optional.empty();
    }

    /** The mails {@code event} causes for a reservation of {@code parties}. */
    public List<Mail> render(PlatformEvent event, Recipients.Parties parties)
    {
        String guestLine;
        String hotelLine;
        String kind;
        UUID reservation;
        if (event instanceof ReservationCreated created) {
            kind = "hold";
            reservation = created.reservationId();
            guestLine = "Your rooms at %s are held for you until %s: %s room(s), %s to %s, %s. Pay before then to confirm the booking."
                    .formatted(parties.hotelName(), created.holdExpiresAt(), created.rooms(), created.checkIn(), created.checkOut(), money(created.totalCents(), created.currency()));
            hotelLine = "A guest holds %s room(s), %s to %s, %s.".formatted(created.rooms(), created.checkIn(), created.checkOut(), money(created.totalCents(), created.currency()));
        }
        else if (event instanceof ReservationConfirmed confirmed) {
            kind = "confirmation";
            reservation = confirmed.reservationId();
            String invoice = parties.invoiceNumber().orElse("to follow");
            guestLine = "Your booking at %s is confirmed. Paid: %s. Invoice %s.".formatted(parties.hotelName(), money(confirmed.totalCents(), confirmed.currency()), invoice);
            hotelLine = "Booking confirmed and paid: %s, invoice %s.".formatted(money(confirmed.totalCents(), confirmed.currency()), invoice);
        }
        else if (event instanceof PaymentFailed failed) {
            kind = "payment_failed";
            reservation = failed.reservationId();
            guestLine = "Your payment of %s for %s did not go through (%s); the rooms are released.".formatted(money(failed.amountCents(), failed.currency()), parties.hotelName(), failed.reason());
            hotelLine = "A payment of %s failed (%s); the rooms are released.".formatted(money(failed.amountCents(), failed.currency()), failed.reason());
        }
        else if (event instanceof ReservationExpired expired) {
            kind = "expiry";
            reservation = expired.reservationId();
            guestLine = "Your hold at %s expired before it was paid; the rooms are released.".formatted(parties.hotelName());
            hotelLine = "A hold expired unpaid; the rooms are released.";
        }
        else if (event instanceof ReservationCancelled cancelled) {
            kind = "cancellation";
            reservation = cancelled.reservationId();
            guestLine = "Your reservation at %s is cancelled (%s). Refund: %s.".formatted(parties.hotelName(), cancelled.reason(), money(cancelled.refundCents(), cancelled.currency()));
            hotelLine = "A reservation is cancelled (%s); refunded %s.".formatted(cancelled.reason(), money(cancelled.refundCents(), cancelled.currency()));
        }
        else if (event instanceof ReservationCompleted) {
            return List.of();
        }
        else {
            throw new IllegalArgumentException("no mail for a %s event".formatted(event.getClass().getSimpleName()));
        }
        String subject = "[%s] %s, reservation %s".formatted(parties.hotelName(), kind.replace('_', ' '), reservation);
        List<Mail> mails = new ArrayList<>();
        mails.add(new Mail(event.eventId(), parties.guestEmail(), kind, subject, "Dear %s,\n\n%s\n\nReservation %s\n".formatted(parties.guestName(), guestLine, reservation)));
        parties.hotelEmail().ifPresent(hotel -> mails.add(new Mail(event.eventId(), hotel, kind, subject, "%s\n\nReservation %s\n".formatted(hotelLine, reservation))));
        return mails;
    }

    private static String money(long cents, String currency)
    {
        return "%s %d.%02d".formatted(currency, cents / 100, cents % 100);
    }
}
