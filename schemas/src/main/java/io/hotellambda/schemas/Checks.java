package io.hotellambda.schemas;

import java.time.LocalDate;
import java.util.Set;
import java.util.regex.Pattern;

/** Field checks for event records; messages name the JSON field so a client can fix its request. */
public final class Checks
{
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    public static final Set<String> DEVICES = Set.of("desktop", "mobile", "tablet", "other");
    public static final int MAX_ID_LENGTH = 128;

    private Checks() {}

    public static <T> T required(T value, String field)
    {
        if (value == null) {
            throw new IllegalArgumentException("field[%s] is required".formatted(field));
        }
        return value;
    }

    public static long positive(long value, String field)
    {
        if (value <= 0) {
            throw new IllegalArgumentException("field[%s] must be positive, got %s".formatted(field, value));
        }
        return value;
    }

    public static long nonNegative(long value, String field)
    {
        if (value < 0) {
            throw new IllegalArgumentException("field[%s] must not be negative, got %s".formatted(field, value));
        }
        return value;
    }

    public static String identifier(String value, String field)
    {
        return text(value, field, MAX_ID_LENGTH);
    }

    /** Required text of 1 to {@code maxLength} characters, not blank. */
    public static String text(String value, String field, int maxLength)
    {
        required(value, field);
        if (value.isBlank() || value.length() > maxLength) {
            throw new IllegalArgumentException("field[%s] must be 1 to %s characters".formatted(field, maxLength));
        }
        return value;
    }

    public static String countryCode(String value, String field)
    {
        required(value, field);
        if (!COUNTRY.matcher(value).matches()) {
            throw new IllegalArgumentException("field[%s] must be an ISO 3166-1 alpha-2 code in upper case (ZZ when unknown), got '%s'".formatted(field, abbreviate(value)));
        }
        return value;
    }

    public static String currencyCode(String value, String field)
    {
        required(value, field);
        if (!CURRENCY.matcher(value).matches()) {
            throw new IllegalArgumentException("field[%s] must be an ISO 4217 code in upper case, got '%s'".formatted(field, abbreviate(value)));
        }
        return value;
    }

    public static String deviceName(String value, String field)
    {
        required(value, field);
        if (!DEVICES.contains(value)) {
            throw new IllegalArgumentException("field[%s] must be one of %s, got '%s'".formatted(field, DEVICES.stream().sorted().toList(), abbreviate(value)));
        }
        return value;
    }

    public static void stay(LocalDate checkIn, LocalDate checkOut)
    {
        required(checkIn, "check_in");
        required(checkOut, "check_out");
        if (!checkOut.isAfter(checkIn)) {
            throw new IllegalArgumentException("field[check_out] %s must be after check_in %s".formatted(checkOut, checkIn));
        }
    }

    /** A client's value, shortened for an error message. */
    public static String abbreviate(String value)
    {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
