package io.hotellambda.booking.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How pages write money, dates and states: called from the templates. */
public final class Format
{
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private Format() {}

    /** Minor units in the currency's major ones: {@code EUR 1,234.50}. */
    public static String money(long cents, String currency)
    {
        String sign = cents < 0 ? "-" : "";
        long abs = Math.abs(cents);
        return "%s %s%,d.%02d".formatted(currency, sign, abs / 100, abs % 100);
    }

    public static String money(Long cents, String currency)
    {
        return cents == null ? "" : money(cents.longValue(), currency);
    }

    public static String day(LocalDate day)
    {
        return day == null ? "" : DAY.format(day);
    }

    public static String time(Instant instant)
    {
        return instant == null ? "" : TIME.format(instant);
    }

    public static String stars(int stars)
    {
        return "★".repeat(Math.max(0, Math.min(5, stars)));
    }

    /** A state's database name as words: {@code payment_failed} as {@code payment failed}. */
    public static String words(String name)
    {
        return name.replace('_', ' ');
    }
}
