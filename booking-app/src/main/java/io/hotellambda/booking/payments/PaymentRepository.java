package io.hotellambda.booking.payments;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** The owner of {@code payments}, {@code refunds} and {@code payment_webhook_events}; every statement runs in the caller's transaction. */
public final class PaymentRepository
{
    public enum Status
    {
        PENDING, SUCCEEDED, FAILED;

        String databaseName()
        {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A reservation's payment: the provider's intent and what the client needs to pay it. */
    public record Payment(String intentId, UUID reservationId, String provider, long amountCents, String currency, Status status, String clientSecret,
            String checkoutUrl, Instant createdAt, Instant updatedAt) {}

    public record PendingRefund(UUID id, UUID reservationId, String intentId, long amountCents) {}

    /** Inserts the payment unless the intent is known; the payment as stored. */
    public Payment insert(Connection connection, Payment payment)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO payments (intent_id, reservation_id, provider, amount_cents, currency, status, client_secret, checkout_url, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            statement.setString(1, payment.intentId());
            statement.setObject(2, payment.reservationId());
            statement.setString(3, payment.provider());
            statement.setLong(4, payment.amountCents());
            statement.setString(5, payment.currency());
            statement.setString(6, payment.status().databaseName());
            statement.setString(7, payment.clientSecret());
            statement.setString(8, payment.checkoutUrl());
            statement.setTimestamp(9, Timestamp.from(payment.createdAt()));
            statement.setTimestamp(10, Timestamp.from(payment.updatedAt()));
            statement.executeUpdate();
        }
        return byReservation(connection, payment.reservationId()).orElseThrow();
    }

    public Optional<Payment> byReservation(Connection connection, UUID reservationId)
            throws SQLException
    {
        return one(connection, "reservation_id", reservationId, false);
    }

    /** The payment of an intent, locked: webhooks for one intent are handled one at a time. */
    public Optional<Payment> lockByIntent(Connection connection, String intentId)
            throws SQLException
    {
        return one(connection, "intent_id", intentId, true);
    }

    private Optional<Payment> one(Connection connection, String column, Object value, boolean lock)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT intent_id, reservation_id, provider, amount_cents, currency, status, client_secret, checkout_url, created_at, updated_at FROM payments WHERE "
                        + column + " = ?" + (lock ? " FOR UPDATE" : ""))) {
            statement.setObject(1, value);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Payment(result.getString(1), result.getObject(2, UUID.class), result.getString(3), result.getLong(4), result.getString(5),
                        Status.valueOf(result.getString(6).toUpperCase(Locale.ROOT)), result.getString(7), result.getString(8),
                        result.getTimestamp(9).toInstant(), result.getTimestamp(10).toInstant()));
            }
        }
    }

    public void setStatus(Connection connection, String intentId, Status status, Instant at)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE payments SET status = ?, updated_at = ? WHERE intent_id = ?")) {
            statement.setString(1, status.databaseName());
            statement.setTimestamp(2, Timestamp.from(at));
            statement.setString(3, intentId);
            statement.executeUpdate();
        }
    }

    /**
     * Records a provider event id before anything else is done for it: true the first time, false
     * for a replay (a duplicate delivery, a retry after a lost answer), which then does nothing.
     */
    public boolean recordWebhook(Connection connection, String eventId, String type, String intentId, String outcome, Instant at)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO payment_webhook_events (provider_event_id, event_type, intent_id, outcome, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            statement.setString(1, eventId);
            statement.setString(2, type);
            statement.setString(3, intentId);
            statement.setString(4, outcome);
            statement.setTimestamp(5, Timestamp.from(at));
            return statement.executeUpdate() == 1;
        }
    }

    /** Sets what handling the event came to, once it is known. */
    public void setWebhookOutcome(Connection connection, String eventId, String outcome)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE payment_webhook_events SET outcome = ? WHERE provider_event_id = ?")) {
            statement.setString(1, outcome);
            statement.setString(2, eventId);
            statement.executeUpdate();
        }
    }

    /** A refund owed, written pending in the transaction that owes it; sent by {@link #lockPendingRefunds}'s caller. */
    public void addRefund(Connection connection, UUID reservationId, String intentId, long amountCents, String reason, Instant at)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO refunds (id, reservation_id, intent_id, amount_cents, reason, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)")) {
            statement.setObject(1, UUID.randomUUID());
            statement.setObject(2, reservationId);
            statement.setString(3, intentId);
            statement.setLong(4, amountCents);
            statement.setString(5, reason);
            statement.setTimestamp(6, Timestamp.from(at));
            statement.setTimestamp(7, Timestamp.from(at));
            statement.executeUpdate();
        }
    }

    /** Up to {@code limit} pending refunds, locked; those another sender holds are skipped. */
    public List<PendingRefund> lockPendingRefunds(Connection connection, int limit)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, reservation_id, intent_id, amount_cents FROM refunds WHERE status = 'pending' ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED")) {
            statement.setInt(1, limit);
            List<PendingRefund> refunds = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    refunds.add(new PendingRefund(result.getObject(1, UUID.class), result.getObject(2, UUID.class), result.getString(3), result.getLong(4)));
                }
            }
            return refunds;
        }
    }

    public void refunded(Connection connection, UUID refundId, String providerRefundId, Instant at)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE refunds SET status = 'succeeded', provider_refund_id = ?, updated_at = ? WHERE id = ?")) {
            statement.setString(1, providerRefundId);
            statement.setTimestamp(2, Timestamp.from(at));
            statement.setObject(3, refundId);
            statement.executeUpdate();
        }
    }

}
