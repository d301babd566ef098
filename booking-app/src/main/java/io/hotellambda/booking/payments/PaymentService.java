package io.hotellambda.booking.payments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotellambda.booking.Transactions;
import io.hotellambda.booking.auth.Principal;
import io.hotellambda.booking.idempotency.IdempotencyKeys;
import io.hotellambda.booking.idempotency.IdempotencyKeys.StoredResponse;
import io.hotellambda.booking.inventory.InventoryRepository;
import io.hotellambda.booking.outbox.Outbox;
import io.hotellambda.booking.payments.PaymentProvider.WebhookEvent;
import io.hotellambda.booking.reservations.Reservation;
import io.hotellambda.booking.reservations.ReservationRepository;
import io.hotellambda.booking.reservations.ReservationService;
import io.hotellambda.booking.reservations.ReservationStatus;
import io.hotellambda.schemas.DomainException;
import io.hotellambda.schemas.PaymentFailed;
import io.hotellambda.schemas.ReservationCancelled;
import io.hotellambda.schemas.ReservationConfirmed;

import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Paying for a hold, and what the provider's webhooks do to it (docs/booking.md, "Payments").
 * One intent per reservation, created under the reservation's id as the provider's idempotency
 * key. A webhook's event id is stored before anything else, in the transaction that acts on it,
 * so a replay does nothing; a success confirms a hold, or re-acquires the nights of an expired
 * one with the same conditional update, or, if they are gone, ends {@code refunded} with a
 * refund owed; a decline releases a hold; a failure that arrives after the success is ignored.
 */
public final class PaymentService
{
    private final Transactions transactions;
    private final ReservationService reservationService;
    private final ReservationRepository reservations;
    private final InventoryRepository inventory;
    private final PaymentRepository payments;
    private final PaymentProvider provider;
    private final RefundSender refunds;
    private final IdempotencyKeys keys;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;

    public PaymentService(Transactions transactions, ReservationService reservationService, ReservationRepository reservations, InventoryRepository inventory,
            PaymentRepository payments, PaymentProvider provider, RefundSender refunds, IdempotencyKeys keys, Outbox outbox, ObjectMapper json, Clock clock)
    {
        this.transactions = transactions;
        this.reservationService = reservationService;
        this.reservations = reservations;
        this.inventory = inventory;
        this.payments = payments;
        this.provider = provider;
        this.refunds = refunds;
        this.keys = keys;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /** Starts paying for a live hold: 201 with what the client needs (the checkout URL, the client secret), or the stored answer of {@code key}. */
    public StoredResponse pay(Principal guest, String key, UUID reservationId)
    {
        String path = "/v1/reservations/%s/payments".formatted(reservationId);
        byte[] requestHash = IdempotencyKeys.requestHash("POST", path, new byte[0]);
        // a retry after the first answer replays it, though the hold may be confirmed by now
        Optional<StoredResponse> replay = transactions.run("read idempotency key", connection -> keys.find(connection, guest.idempotencyScope(), key, requestHash));
        if (replay.isPresent()) {
            return replay.get();
        }
        Reservation reservation = transactions.run("read reservation to pay", connection -> {
            Reservation found = reservationService.visibleTo(connection, guest, reservationId, false);
            if (found.status() != ReservationStatus.HELD || !found.holdExpiresAt().isAfter(clock.instant())) {
                throw DomainException.conflict("Reservation[%s] is %s; only a live hold can be paid".formatted(reservationId,
                        found.status() == ReservationStatus.HELD ? "a hold that has expired" : found.status().databaseName()));
            }
            return found;
        });
        // outside any transaction: the provider is another service; the same key gives the same intent
        PaymentProvider.Intent intent = provider.createIntent(reservation.totalCents(), reservation.currency(), "reservation-" + reservationId,
                Map.of("reservation_id", reservationId.toString(), "hotel_id", Long.toString(reservation.hotelId())));
        return transactions.run("record payment", connection -> {
            Instant now = clock.instant();
            Optional<StoredResponse> stored = keys.claim(connection, guest.idempotencyScope(), key, requestHash, now);
            if (stored.isPresent()) {
                return stored.get();
            }
            PaymentRepository.Payment payment = payments.insert(connection, new PaymentRepository.Payment(intent.id(), reservationId, provider.name(),
                    reservation.totalCents(), reservation.currency(), PaymentRepository.Status.PENDING, intent.clientSecret(), intent.checkoutUrl(), now, now));
            StoredResponse response = new StoredResponse(201, Optional.of(path), bytes(view(payment)));
            keys.complete(connection, guest.idempotencyScope(), key, response);
            return response;
        });
    }

    /** The answer to a webhook delivery: what handling it came to ({@code duplicate} for a replay). */
    public record WebhookOutcome(String eventId, String outcome) {}

    public WebhookOutcome handleWebhook(Map<String, String> headers, byte[] body)
    {
        WebhookEvent event = provider.verifyWebhook(headers, body, clock.instant());
        String outcome = transactions.run("handle payment webhook", connection -> {
            if (!payments.recordWebhook(connection, event.id(), event.type().name().toLowerCase(Locale.ROOT), event.intentId(), "received", clock.instant())) {
                return "duplicate";
            }
            String result = act(connection, event);
            payments.setWebhookOutcome(connection, event.id(), result);
            return result;
        });
        if (outcome.equals("refunded")) {
            refunds.sendPendingQuietly();
        }
        return new WebhookOutcome(event.id(), outcome);
    }

    private String act(Connection connection, WebhookEvent event)
            throws SQLException
    {
        if (event.type() == WebhookEvent.Type.OTHER) {
            return "ignored";
        }
        Optional<PaymentRepository.Payment> found = payments.lockByIntent(connection, event.intentId());
        if (found.isEmpty()) {
            return "unknown_intent";
        }
        PaymentRepository.Payment payment = found.get();
        Optional<Reservation> live = reservations.find(connection, payment.reservationId(), true);
        if (live.isEmpty()) {
            return "reservation_archived";
        }
        Reservation reservation = live.get();
        Instant now = clock.instant();
        if (event.type() == WebhookEvent.Type.FAILED) {
            if (payment.status() == PaymentRepository.Status.SUCCEEDED) {
                // an earlier attempt's failure, delivered after the success: the money is in
                return "ignored_after_success";
            }
            payments.setStatus(connection, payment.intentId(), PaymentRepository.Status.FAILED, now);
            if (reservation.status() != ReservationStatus.HELD) {
                return "ignored_not_held";
            }
            inventory.releaseHeld(connection, List.of(ReservationService.release(reservation)));
            reservations.update(connection, reservation.ended(ReservationStatus.PAYMENT_FAILED, 0, 0, now));
            outbox.append(connection, List.of(new Outbox.Entry(new PaymentFailed(UUID.randomUUID(), now, now, reservation.hotelId(), reservation.id(),
                    reservation.totalCents(), reservation.currency(), "declined"), reservation.id())));
            return "payment_failed";
        }
        if (payment.status() == PaymentRepository.Status.SUCCEEDED) {
            return "already_succeeded";
        }
        payments.setStatus(connection, payment.intentId(), PaymentRepository.Status.SUCCEEDED, now);
        switch (reservation.status()) {
            case HELD -> {
                inventory.confirmHeld(connection, List.of(ReservationService.release(reservation)));
                return confirm(connection, reservation, payment, now, "confirmed");
            }
            case EXPIRED, PAYMENT_FAILED -> {
                // paid after the hold ended: the nights again, with the same conditional update, or a refund
                Savepoint beforeSale = connection.setSavepoint();
                try {
                    inventory.sell(connection, reservation.roomTypeId(), reservation.checkIn(), reservation.checkOut(), reservation.rooms());
                    connection.releaseSavepoint(beforeSale);
                    return confirm(connection, reservation, payment, now, "confirmed_late");
                }
                catch (DomainException e) {
                    if (e.kind() != DomainException.Kind.CONFLICT) {
                        throw e;
                    }
                    connection.rollback(beforeSale);
                    return refundInFull(connection, reservation, payment, now, "paid_after_expiry_sold_out");
                }
            }
            case CANCELLED -> {
                return refundInFull(connection, reservation, payment, now, "paid_after_cancellation");
            }
            default -> {
                return "ignored_" + reservation.status().databaseName();
            }
        }
    }

    private String confirm(Connection connection, Reservation reservation, PaymentRepository.Payment payment, Instant now, String outcome)
            throws SQLException
    {
        String invoice = reservations.nextInvoiceNumber(connection, now.atZone(ZoneOffset.UTC).getYear());
        reservations.update(connection, reservation.confirmed(invoice, now));
        outbox.append(connection, List.of(new Outbox.Entry(new ReservationConfirmed(UUID.randomUUID(), now, now, reservation.hotelId(), reservation.id(),
                reservation.roomTypeId(), reservation.totalCents(), reservation.currency(), payment.intentId(), reservation.checkIn(), reservation.checkOut(),
                reservation.rooms(), reservation.nightPricesCents()), reservation.id())));
        return outcome;
    }

    private String refundInFull(Connection connection, Reservation reservation, PaymentRepository.Payment payment, Instant now, String reason)
            throws SQLException
    {
        payments.addRefund(connection, reservation.id(), payment.intentId(), payment.amountCents(), reason, now);
        reservations.update(connection, reservation.ended(ReservationStatus.REFUNDED, payment.amountCents(), payment.amountCents(), now));
        outbox.append(connection, List.of(new Outbox.Entry(new ReservationCancelled(UUID.randomUUID(), now, now, reservation.hotelId(), reservation.id(),
                reservation.roomTypeId(), payment.amountCents(), reservation.currency(), reason), reservation.id())));
        return "refunded";
    }


    private Map<String, Object> view(PaymentRepository.Payment payment)
    {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("reservation_id", payment.reservationId());
        view.put("payment_id", payment.intentId());
        view.put("provider", payment.provider());
        view.put("amount_cents", payment.amountCents());
        view.put("currency", payment.currency());
        view.put("client_secret", payment.clientSecret());
        view.put("checkout_url", payment.checkoutUrl());
        return view;
    }

    private byte[] bytes(Object value)
    {
        try {
            return json.writeValueAsBytes(value);
        }
        catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
