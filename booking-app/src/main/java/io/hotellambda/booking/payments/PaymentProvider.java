package io.hotellambda.booking.payments;

import java.time.Instant;
import java.util.Map;

/**
 * A payment provider, modelled on Stripe's PaymentIntents: an adapter for a real provider is one
 * class implementing this. Every call that moves money carries an idempotency key, so a retry
 * after a timeout cannot charge or refund twice. Calls throw
 * {@link io.hotellambda.schemas.DomainException} {@code UNAVAILABLE} when the provider cannot be
 * reached or answers 5xx: the caller keeps what it owes and tries again.
 */
public interface PaymentProvider
{
    /** The name stored with each payment. */
    String name();

    /** An intent to collect {@code amountCents} in {@code currency}; the same key returns the same intent. */
    Intent createIntent(long amountCents, String currency, String idempotencyKey, Map<String, String> metadata);

    /** Confirms an intent with a payment method server-side (for a client that does not use the checkout page). */
    Intent confirm(String intentId, String paymentMethod);

    /** Refunds {@code amountCents} of a succeeded intent; the same key returns the same refund. */
    Refund refund(String intentId, long amountCents, String idempotencyKey);

    /**
     * The event a webhook delivery carries, after checking its signature against the raw body
     * within the tolerance of {@code now}: a
     * {@link io.hotellambda.http.WebhookSignatures.InvalidSignatureException} when it does not hold.
     */
    WebhookEvent verifyWebhook(Map<String, String> headers, byte[] body, Instant now);

    /** The header a webhook's signature travels in. */
    String signatureHeader();

    record Intent(String id, long amountCents, String currency, String status, String clientSecret, String checkoutUrl) {}

    record Refund(String id, long amountCents, String status) {}

    /** What happened, for which intent; {@code OTHER} events are acknowledged and ignored. */
    record WebhookEvent(String id, Type type, String intentId, long amountCents, String currency, Instant created)
    {
        public enum Type
        {
            SUCCEEDED, FAILED, OTHER
        }
    }
}
