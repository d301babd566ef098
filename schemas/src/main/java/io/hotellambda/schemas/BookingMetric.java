package io.hotellambda.schemas;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The booking numbers every layer counts from {@code booking_events}, and what one event adds to
 * them: the one definition the speed layer, the nightly job and the audit share. Counts are kept
 * per hotel and currency, with the money they go with; a hotel sells in one currency, so that is
 * one row per hotel in practice. See docs/booking-analytics.md.
 */
public enum BookingMetric
{
    /** {@code reservation_created}: rooms held. */
    HOLDS_CREATED("holds_created"),
    /** {@code reservation_confirmed}: paid, including a payment that came after the hold ended and still found the rooms. */
    CONFIRMED("confirmed"),
    /** {@code reservation_cancelled} of a hold or a confirmed stay (not the return of a late payment: {@link ReservationCancelled#returnsLatePayment}). */
    CANCELLED("cancelled"),
    /** {@code reservation_expired}: a hold that ran out unpaid. */
    EXPIRED("expired"),
    /** {@code payment_failed}: a declined payment. */
    PAYMENT_FAILURES("payment_failures"),
    /** Rooms times nights of each confirmation. */
    ROOM_NIGHTS_SOLD("room_nights_sold"),
    /** {@code total_cents} of each confirmation, in minor units. */
    REVENUE_CENTS("revenue_cents"),
    /** {@code refund_cents} of each cancellation (a late payment sent back is not a refund of revenue). */
    REFUND_CENTS("refund_cents");

    /** ISO 4217's code for "no currency": an event from before events carried one. */
    public static final String NO_CURRENCY = "XXX";

    private final String column;

    BookingMetric(String column)
    {
        this.column = column;
    }

    /** The name in tables, answers and Redis fields. */
    public String column()
    {
        return column;
    }

    /** What one accepted event adds to its hotel's numbers in its currency; only the metrics it changes. */
    public record Contribution(long hotelId, String currency, Map<BookingMetric, Long> values)
    {
        public Contribution
        {
            requireNonNull(currency, "currency is null");
            values = Collections.unmodifiableMap(new EnumMap<>(values));
        }

        public long get(BookingMetric metric)
        {
            return values.getOrDefault(metric, 0L);
        }
    }

    /** What {@code event} adds, or empty for an event that changes no booking number (a view, a search, a completed stay, a late payment returned). */
    public static Optional<Contribution> of(PlatformEvent event)
    {
        Map<BookingMetric, Long> values = new EnumMap<>(BookingMetric.class);
        long hotelId;
        String currency;
        if (event instanceof ReservationCreated created) {
            hotelId = created.hotelId();
            currency = created.currency();
            values.put(HOLDS_CREATED, 1L);
        }
        else if (event instanceof ReservationConfirmed confirmed) {
            hotelId = confirmed.hotelId();
            currency = confirmed.currency();
            values.put(CONFIRMED, 1L);
            values.put(ROOM_NIGHTS_SOLD, confirmed.roomNights());
            values.put(REVENUE_CENTS, confirmed.totalCents());
        }
        else if (event instanceof ReservationCancelled cancelled && !cancelled.returnsLatePayment()) {
            hotelId = cancelled.hotelId();
            currency = cancelled.currency();
            values.put(CANCELLED, 1L);
            values.put(REFUND_CENTS, cancelled.refundCents());
        }
        else if (event instanceof ReservationExpired expired) {
            hotelId = expired.hotelId();
            currency = expired.currency() == null ? NO_CURRENCY : expired.currency();
            values.put(EXPIRED, 1L);
        }
        else if (event instanceof PaymentFailed failed) {
            hotelId = failed.hotelId();
            currency = failed.currency();
            values.put(PAYMENT_FAILURES, 1L);
        }
        else {
            return Optional.empty();
        }
        values.values().removeIf(value -> value == 0);
        return Optional.of(new Contribution(hotelId, currency, values));
    }

    /** The metric a table column or Redis field names. */
    public static Optional<BookingMetric> fromColumn(String column)
    {
        for (BookingMetric metric : values()) {
            if (metric.column.equals(column)) {
                return Optional.of(metric);
            }
        }
        return Optional.empty();
    }
}
