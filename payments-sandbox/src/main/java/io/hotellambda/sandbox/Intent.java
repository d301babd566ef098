package io.hotellambda.sandbox;

import java.util.Map;

/** A payment intent as the sandbox's API shows it (Stripe's names, JSON not form encoding). */
public record Intent(
        String id,
        String object,
        long amount,
        String currency,
        String status,
        String clientSecret,
        String checkoutUrl,
        Map<String, String> metadata,
        long amountRefunded,
        long created)
{
    public static final String REQUIRES_PAYMENT_METHOD = "requires_payment_method";
    public static final String PROCESSING = "processing";
    public static final String SUCCEEDED = "succeeded";

    public Intent withStatus(String status)
    {
        return new Intent(id, object, amount, currency, status, clientSecret, checkoutUrl, metadata, amountRefunded, created);
    }

    public Intent withRefunded(long refunded)
    {
        return new Intent(id, object, amount, currency, status, clientSecret, checkoutUrl, metadata, refunded, created);
    }
}
