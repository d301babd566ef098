package io.hotellambda.booking.catalog;

import io.hotellambda.booking.guests.GuestRequest;
import io.hotellambda.schemas.ValidationException;

import java.time.LocalDate;
import java.util.Locale;

/**
 * A hotel's booking settings: where it hears of bookings ({@code email}, optional) and its
 * cancellation policy: free until {@code free_cancellation_days} days before check-in (hotel-local),
 * after that a fee of {@code cancellation_fee_percent} of the first night or of the total.
 */
public record BookingSettings(String email, Integer freeCancellationDays, String cancellationFeeBasis, Integer cancellationFeePercent)
{
    public static final BookingSettings DEFAULTS = new BookingSettings(null, 1, "first_night", 100);

    public BookingSettings
    {
        if (email != null && (email.length() > 254 || !GuestRequest.EMAIL.matcher(email).matches() || email.chars().anyMatch(c -> c < 0x21 || c == 0x7f))) {
            throw new ValidationException("field[email] must be an e-mail address of 3 to 254 visible characters");
        }
        freeCancellationDays = freeCancellationDays == null ? 1 : freeCancellationDays;
        if (freeCancellationDays < 0 || freeCancellationDays > 365) {
            throw new ValidationException("field[free_cancellation_days] must be 0 to 365, got " + freeCancellationDays);
        }
        cancellationFeeBasis = cancellationFeeBasis == null ? "first_night" : cancellationFeeBasis.toLowerCase(Locale.ROOT);
        if (!cancellationFeeBasis.equals("first_night") && !cancellationFeeBasis.equals("total")) {
            throw new ValidationException("field[cancellation_fee_basis] must be first_night or total");
        }
        cancellationFeePercent = cancellationFeePercent == null ? 100 : cancellationFeePercent;
        if (cancellationFeePercent < 0 || cancellationFeePercent > 100) {
            throw new ValidationException("field[cancellation_fee_percent] must be 0 to 100, got " + cancellationFeePercent);
        }
    }

    /**
     * The fee for a guest cancelling on {@code today} (hotel-local) a stay checking in on
     * {@code checkIn}: none while at least {@code free_cancellation_days} days remain, else the
     * percentage of {@code firstNightCents} or of {@code totalCents}, rounded down to a minor unit.
     */
    public long cancellationFee(LocalDate today, LocalDate checkIn, long firstNightCents, long totalCents)
    {
        if (!today.plusDays(freeCancellationDays).isAfter(checkIn)) {
            return 0;
        }
        long basis = cancellationFeeBasis.equals("total") ? totalCents : firstNightCents;
        return Math.min(totalCents, basis * cancellationFeePercent / 100);
    }
}
