package io.hotellambda.booking.web;

import io.hotellambda.schemas.Checks;
import io.hotellambda.schemas.ValidationException;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A page's fields as typed values. A browser sends every field of a form, an empty one as
 * {@code ""}: blank means not given. A value that does not parse is a {@link ValidationException}
 * naming the field, as the API's are.
 */
final class FormFields
{
    private static final int MAX_FIELD = 200;
    private static final BigDecimal MAX_AMOUNT = BigDecimal.valueOf(100_000_000);

    private FormFields() {}

    /** The field's value stripped, or {@code ""}; refused when longer than any field of ours. */
    static String text(String value, String name)
    {
        if (value == null) {
            return "";
        }
        String stripped = value.strip();
        if (stripped.length() > MAX_FIELD) {
            throw new ValidationException("field[%s] is longer than %s characters".formatted(name, MAX_FIELD));
        }
        if (stripped.chars().anyMatch(c -> c < 0x20)) {
            throw new ValidationException("field[%s] holds control characters".formatted(name));
        }
        return stripped;
    }

    /** A text area's value: like {@link #text} but longer, and its lines (and tabs) kept. */
    static String multiline(String value, String name, int maxLength)
    {
        if (value == null) {
            return "";
        }
        String stripped = value.strip();
        if (stripped.length() > maxLength) {
            throw new ValidationException("field[%s] is longer than %s characters".formatted(name, maxLength));
        }
        if (stripped.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
            throw new ValidationException("field[%s] holds control characters".formatted(name));
        }
        return stripped;
    }

    static Optional<String> optional(String value, String name)
    {
        return Optional.of(text(value, name)).filter(text -> !text.isEmpty());
    }

    static Optional<LocalDate> date(String value, String name)
    {
        return optional(value, name).map(text -> {
            try {
                return Checks.date(text);
            }
            catch (DateTimeParseException e) {
                throw new ValidationException("field[%s] '%s' must be a date such as 2027-03-14".formatted(name, Checks.abbreviate(text)));
            }
        });
    }

    static LocalDate requiredDate(String value, String name)
    {
        return date(value, name).orElseThrow(() -> new ValidationException("field[%s] is required: a date such as 2027-03-14".formatted(name)));
    }

    static Optional<Integer> integer(String value, String name, int min, int max)
    {
        return optional(value, name).map(text -> {
            try {
                int parsed = Integer.parseInt(text);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            }
            catch (NumberFormatException e) {
                // reported below
            }
            throw new ValidationException("field[%s] '%s' must be a whole number from %s to %s".formatted(name, Checks.abbreviate(text), min, max));
        });
    }

    static long requiredLong(String value, String name)
    {
        return optional(value, name).map(text -> {
            try {
                long parsed = Long.parseLong(text);
                if (parsed > 0) {
                    return parsed;
                }
            }
            catch (NumberFormatException e) {
                // reported below
            }
            throw new ValidationException("field[%s] '%s' must be a positive whole number".formatted(name, Checks.abbreviate(text)));
        }).orElseThrow(() -> new ValidationException("field[%s] is required".formatted(name)));
    }

    /** A price in whole units of the currency (as a guest types it) in minor units. */
    static Optional<Long> price(String value, String name)
    {
        return integer(value, name, 0, 10_000_000).map(units -> units * 100L);
    }

    /** An amount of money as staff type it, with at most two decimals ({@code 129} or {@code 129.50}), in minor units. */
    static Optional<Long> cents(String value, String name)
    {
        return optional(value, name).map(text -> {
            try {
                BigDecimal amount = new BigDecimal(text);
                if (amount.signum() > 0 && amount.scale() <= 2 && amount.compareTo(MAX_AMOUNT) <= 0) {
                    return amount.movePointRight(2).longValueExact();
                }
            }
            catch (NumberFormatException | ArithmeticException e) {
                // reported below
            }
            throw new ValidationException("field[%s] '%s' must be an amount such as 129 or 129.50, above 0 and at most %s".formatted(name, Checks.abbreviate(text),
                    MAX_AMOUNT.toPlainString()));
        });
    }

    /** Minor units as {@link #cents} reads them back: {@code 129} or {@code 129.50}. */
    static String amount(long cents)
    {
        return cents % 100 == 0 ? Long.toString(cents / 100) : BigDecimal.valueOf(cents, 2).toPlainString();
    }

    /** An idempotency key a page made: a UUID. */
    static String key(String value, String name)
    {
        String text = text(value, name);
        try {
            return UUID.fromString(text).toString();
        }
        catch (IllegalArgumentException e) {
            throw new ValidationException("field[%s] must be the key the page was made with; reload the page".formatted(name));
        }
    }

    static List<String> amenities(List<String> values)
    {
        return values.stream().map(value -> text(value, "amenity")).filter(value -> !value.isEmpty()).distinct().limit(20).toList();
    }
}
