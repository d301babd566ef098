package io.hotellambda.booking.inventory;

import io.hotellambda.schemas.ValidationException;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Which nights are on sale: from the hotel's local today up to the inventory horizon. Stay dates
 * are hotel-local (DESIGN.md, "The time axes"), so "today" depends on the hotel's time zone.
 */
public record SaleWindow(Clock clock, int horizonDays)
{
    public LocalDate today(ZoneId zone)
    {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    /** The first night past the horizon: the last check-out on sale. */
    public LocalDate end(ZoneId zone)
    {
        return today(zone).plusDays(horizonDays);
    }

    /** A 400 naming the field unless every night of {@code [from, to)} is on sale. */
    public void check(ZoneId zone, LocalDate from, LocalDate to, String fromField, String toField)
    {
        LocalDate today = today(zone);
        if (from.isBefore(today)) {
            throw new ValidationException("field[%s] %s is in the past: it is %s at the hotel (%s)".formatted(fromField, from, today, zone));
        }
        LocalDate end = today.plusDays(horizonDays);
        if (to.isAfter(end)) {
            throw new ValidationException("field[%s] %s is past the booking horizon: nights are on sale up to %s".formatted(toField, to, end));
        }
    }
}
