package io.hotellambda.schemas;

import java.time.LocalDate;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Field checks for event records; messages name the JSON field so a client can fix its request. */
public final class Checks
{
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    public static final String UNKNOWN_COUNTRY = "ZZ";
    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());
    public static final Set<String> DEVICES = Set.of("desktop", "mobile", "tablet", "other");
    public static final int MAX_ID_LENGTH = 128;
    /**
     * A date as clients send it, {@code 2027-03-14}: a year of exactly four digits. ISO-8601's
     * wider years ({@code +999999999-12-31}), which {@code LocalDate.parse} takes, are past what
     * PostgreSQL's dates and a date plus a few days hold: they were 500s, not 400s.
     */
    private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 4).appendLiteral('-').appendValue(ChronoField.MONTH_OF_YEAR, 2).appendLiteral('-').appendValue(ChronoField.DAY_OF_MONTH, 2)
            .toFormatter(Locale.ROOT).withChronology(IsoChronology.INSTANCE).withResolverStyle(ResolverStyle.STRICT);

    private Checks() {}

    public static <T> T required(T value, String field)
    {
        if (value == null) {
            throw new ValidationException("field[%s] is required".formatted(field));
        }
        return value;
    }

    public static long positive(long value, String field)
    {
        if (value <= 0) {
            throw new ValidationException("field[%s] must be positive, got %s".formatted(field, value));
        }
        return value;
    }

    public static long nonNegative(long value, String field)
    {
        if (value < 0) {
            throw new ValidationException("field[%s] must not be negative, got %s".formatted(field, value));
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
            throw new ValidationException("field[%s] must be 1 to %s characters".formatted(field, maxLength));
        }
        return printable(value, field);
    }

    /**
     * Text that can be stored and shown anywhere: no NUL or other control character but tab, line
     * feed and carriage return (PostgreSQL refuses NUL in text; a terminal acts on the others), and
     * no half of a UTF-16 surrogate pair (it cannot be encoded as UTF-8, so it would be stored as
     * {@code ?}).
     */
    public static String printable(String value, String field)
    {
        String problem = unprintable(value);
        if (problem != null) {
            throw new ValidationException("field[%s] contains %s; text must be Unicode without control characters".formatted(field, problem));
        }
        return value;
    }

    /** What makes {@code value} unfit to store ({@code "a NUL character"}, ...), or null when it is fit. */
    public static String unprintable(String value)
    {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return "a NUL character";
            }
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return "a control character (U+%04X)".formatted((int) c);
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            }
            else if (Character.isSurrogate(c)) {
                return "an unpaired UTF-16 surrogate (U+%04X)".formatted((int) c);
            }
        }
        return null;
    }

    public static String countryCode(String value, String field)
    {
        required(value, field);
        if (!COUNTRY.matcher(value).matches()) {
            throw new ValidationException("field[%s] must be an ISO 3166-1 alpha-2 code in upper case (ZZ when unknown), got '%s'".formatted(field, abbreviate(value)));
        }
        return value;
    }

    /**
     * An ISO 3166-1 alpha-2 code that exists ({@code NL}), or {@code ZZ} for unknown: what an API
     * accepts from clients. Events keep the looser {@link #countryCode} check, so a code retired
     * from the standard does not turn archived events invalid.
     */
    public static String isoCountryCode(String value, String field)
    {
        countryCode(value, field);
        if (!isIsoCountryCode(value)) {
            throw new ValidationException("field[%s] '%s' is not an ISO 3166-1 alpha-2 country code (ZZ when unknown)".formatted(field, value));
        }
        return value;
    }

    /** Whether {@code value} is an upper-case ISO 3166-1 alpha-2 code, or ZZ. */
    public static boolean isIsoCountryCode(String value)
    {
        return value.equals(UNKNOWN_COUNTRY) || ISO_COUNTRIES.contains(value);
    }

    public static String currencyCode(String value, String field)
    {
        required(value, field);
        if (!CURRENCY.matcher(value).matches()) {
            throw new ValidationException("field[%s] must be an ISO 4217 code in upper case, got '%s'".formatted(field, abbreviate(value)));
        }
        return value;
    }

    public static String deviceName(String value, String field)
    {
        required(value, field);
        if (!DEVICES.contains(value)) {
            throw new ValidationException("field[%s] must be one of %s, got '%s'".formatted(field, DEVICES.stream().sorted().toList(), abbreviate(value)));
        }
        return value;
    }

    public static void stay(LocalDate checkIn, LocalDate checkOut)
    {
        required(checkIn, "check_in");
        required(checkOut, "check_out");
        if (!checkOut.isAfter(checkIn)) {
            throw new ValidationException("field[check_out] %s must be after check_in %s".formatted(checkOut, checkIn));
        }
    }

    /** {@code text} as a date of {@link #DATE}'s form; a {@link DateTimeParseException} when it is not one. */
    public static LocalDate date(String text)
    {
        return LocalDate.parse(text, DATE);
    }

    /** A client's value, shortened for an error message. */
    public static String abbreviate(String value)
    {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
