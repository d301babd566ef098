package io.hotellambda.sandbox;

import io.hotellambda.schemas.ValidationException;

import java.time.Duration;

/**
 * What the sandbox does with a confirmed payment, for tests and demos. {@code outcome}: the
 * payment succeeds, is declined, or gets no answer (the intent stays {@code processing} and no
 * webhook comes). {@code delayMillis}: the outcome comes that much later (a late success).
 * {@code deliveries}: each webhook is delivered that many times. {@code outOfOrder}: a declined
 * first attempt precedes the success, and its webhook is delivered after the success's.
 */
public record Scenario(Outcome outcome, long delayMillis, int deliveries, boolean outOfOrder)
{
    public enum Outcome
    {
        SUCCEED, DECLINE, NO_ANSWER
    }

    public Scenario
    {
        if (outcome == null) {
            throw new ValidationException("field[outcome] is required: succeed, decline or no_answer");
        }
        if (delayMillis < 0 || delayMillis > Duration.ofHours(1).toMillis()) {
            throw new ValidationException("field[delay_ms] must be 0 to 3600000, got " + delayMillis);
        }
        if (deliveries < 1 || deliveries > 5) {
            throw new ValidationException("field[deliveries] must be 1 to 5, got " + deliveries);
        }
        if (outOfOrder && outcome != Outcome.SUCCEED) {
            throw new ValidationException("field[out_of_order] goes with outcome succeed: a declined attempt, then the success, delivered the other way round");
        }
    }

    /** Stripe's test payment methods name the outcome: {@code pm_card_visa} pays, {@code pm_card_chargeDeclined} is declined. */
    public static Scenario ofPaymentMethod(String paymentMethod)
    {
        return switch (paymentMethod == null ? "pm_card_visa" : paymentMethod) {
            case "pm_card_visa" -> new Scenario(Outcome.SUCCEED, 0, 1, false);
            case "pm_card_chargeDeclined" -> new Scenario(Outcome.DECLINE, 0, 1, false);
            case "pm_sandbox_no_answer" -> new Scenario(Outcome.NO_ANSWER, 0, 1, false);
            default -> throw new ValidationException("field[payment_method] '%s' is not a sandbox test method: pm_card_visa, pm_card_chargeDeclined, pm_sandbox_no_answer"
                    .formatted(paymentMethod.length() > 40 ? paymentMethod.substring(0, 40) + "..." : paymentMethod));
        };
    }
}
