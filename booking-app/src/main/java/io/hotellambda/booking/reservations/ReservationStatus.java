package io.hotellambda.booking.reservations;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/**
 * The reservation state machine (docs/booking.md): {@code held -> confirmed | expired |
 * payment_failed | cancelled}; {@code confirmed -> cancelled | completed}; a payment that succeeds
 * after its hold expired ends {@code confirmed} again or {@code refunded}.
 */
public enum ReservationStatus
{
    HELD, CONFIRMED, EXPIRED, PAYMENT_FAILED, CANCELLED, COMPLETED, REFUNDED;

    @JsonValue
    public String databaseName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReservationStatus fromDatabase(String name)
    {
        return Arrays.stream(values()).filter(status -> status.databaseName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown reservation status " + name));
    }
}
