package io.hotellambda.sandbox;

import io.hotellambda.schemas.ValidationException;

import java.util.Locale;
import java.util.Map;

/** The sandbox API's request bodies. */
final class SandboxRequests
{
    private SandboxRequests() {}

    record CreateIntent(Long amount, String currency, Map<String, String> metadata)
    {
        CreateIntent
        {
            if (amount == null) {
                throw new ValidationException("field[amount] is required, in minor units");
            }
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
            if (metadata.size() > 20) {
                throw new ValidationException("field[metadata] may hold at most 20 keys");
            }
        }
    }

    /** Either Stripe's test {@code payment_method} or the sandbox's scenario fields. */
    record Confirm(String paymentMethod, String outcome, Long delayMs, Integer deliveries, Boolean outOfOrder)
    {
        Scenario scenario()
        {
            if (outcome == null) {
                return Scenario.ofPaymentMethod(paymentMethod);
            }
            Scenario.Outcome parsed;
            try {
                parsed = Scenario.Outcome.valueOf(outcome.toUpperCase(Locale.ROOT));
            }
            catch (IllegalArgumentException e) {
                throw new ValidationException("field[outcome] must be succeed, decline or no_answer");
            }
            return new Scenario(parsed, delayMs == null ? 0 : delayMs, deliveries == null ? 1 : deliveries, outOfOrder != null && outOfOrder);
        }
    }

    record CreateRefund(String paymentIntent, Long amount)
    {
        CreateRefund
        {
            if (paymentIntent == null || paymentIntent.isBlank()) {
                throw new ValidationException("field[payment_intent] is required");
            }
        }
    }
}
