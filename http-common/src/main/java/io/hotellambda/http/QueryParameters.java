package io.hotellambda.http;

import io.hotellambda.schemas.Checks;
import io.javalin.http.Context;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Query parameters read strictly, so a mistake is a 400 rather than a silent default: a name the
 * endpoint does not take (a typo such as {@code granulatiry}) and a single-valued parameter given
 * twice are problems. Only for APIs: a page that links may carry parameters nobody here reads.
 */
public final class QueryParameters
{
    private static final int MAX_NAME_SHOWN = 40;

    private QueryParameters() {}

    /** A problem for any parameter in the query string that is not one of {@code known}. */
    public static void requireKnown(Context ctx, String... known)
    {
        List<String> names = List.of(known);
        for (String name : ctx.queryParamMap().keySet()) {
            if (!names.contains(name)) {
                String shown = name.length() > MAX_NAME_SHOWN ? name.substring(0, MAX_NAME_SHOWN) + "..." : name;
                throw ProblemException.badRequest(names.isEmpty()
                        ? "unknown query parameter[%s]; this endpoint takes none".formatted(shown)
                        : "unknown query parameter[%s]; known parameters: %s".formatted(shown, names));
            }
        }
    }

    /** The parameter's one value, or null when absent; given twice, a problem rather than a guess at which one was meant. */
    public static String single(Context ctx, String name)
    {
        List<String> values = all(ctx, name);
        if (values.size() > 1) {
            throw ProblemException.badRequest("query parameter %s is given %s times; give it once".formatted(name, values.size()));
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /** Every value of a parameter that may repeat; a NUL or other control character in one is a problem, as in a body's text. */
    public static List<String> all(Context ctx, String name)
    {
        List<String> values = ctx.queryParams(name);
        for (String value : values) {
            String problem = Checks.unprintable(value);
            if (problem != null) {
                throw ProblemException.badRequest("query parameter[%s] contains %s".formatted(name, problem));
            }
        }
        return values;
    }

    /** A required date parameter, {@code 2027-03-14}. */
    public static LocalDate date(Context ctx, String name)
    {
        return optionalDate(ctx, name).orElseThrow(() -> ProblemException.badRequest("query parameter[%s] is required: a date such as 2027-03-14".formatted(name)));
    }

    public static Optional<LocalDate> optionalDate(Context ctx, String name)
    {
        String value = single(ctx, name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Checks.date(value.strip()));
        }
        catch (DateTimeParseException e) {
            throw ProblemException.badRequest("query parameter[%s]='%s' must be a date such as 2027-03-14".formatted(name, Checks.abbreviate(value)));
        }
    }

    public static Optional<Integer> optionalInt(Context ctx, String name)
    {
        Optional<Long> value = optionalLong(ctx, name);
        if (value.isPresent() && (value.get() > Integer.MAX_VALUE || value.get() < Integer.MIN_VALUE)) {
            throw ProblemException.badRequest("query parameter[%s] is out of range".formatted(name));
        }
        return value.map(Long::intValue);
    }

    public static Optional<Long> optionalLong(Context ctx, String name)
    {
        String value = single(ctx, name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.valueOf(value.strip()));
        }
        catch (NumberFormatException e) {
            throw ProblemException.badRequest("query parameter[%s]='%s' must be an integer".formatted(name, Checks.abbreviate(value)));
        }
    }
}
