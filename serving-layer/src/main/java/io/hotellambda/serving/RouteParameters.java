package io.hotellambda.serving;

import io.hotellambda.http.ProblemException;
import io.hotellambda.http.QueryParameters;
import io.hotellambda.schemas.Checks;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The serving layer's query and path parameters, read the same way by every route: a bad one is a 400 that says what is expected. */
public final class RouteParameters
{
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /** {@code [from, to)} on a granularity's boundaries. */
    public record Range(Granularity granularity, Instant from, Instant to) {}

    private RouteParameters() {}

    public static String required(Context ctx, String name)
    {
        String value = QueryParameters.single(ctx, name);
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("query parameter %s is required".formatted(name));
        }
        return value;
    }

    public static long hotelId(String name, String value)
    {
        try {
            long id = Long.parseLong(value.strip());
            if (id > 0) {
                return id;
            }
        }
        catch (NumberFormatException e) {
            // the problem below says what is expected
        }
        throw ProblemException.badRequest("%s[%s] must be a positive integer".formatted(name, Checks.abbreviate(value)));
    }

    public static int bounded(Context ctx, String name, int defaultValue, int max)
    {
        String value = QueryParameters.single(ctx, name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= 1 && parsed <= max) {
                return parsed;
            }
        }
        catch (NumberFormatException e) {
            // the problem below says what is expected
        }
        throw ProblemException.badRequest("%s[%s] must be an integer from 1 to %s".formatted(name, Checks.abbreviate(value), max));
    }

    public static <E extends Enum<E>> E choice(Context ctx, String name, Class<E> type, E defaultValue)
    {
        String value = QueryParameters.single(ctx, name);
        if (value == null) {
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.strip())) {
                return constant;
            }
        }
        throw ProblemException.badRequest("%s[%s] must be one of %s".formatted(name, Checks.abbreviate(value),
                Arrays.stream(type.getEnumConstants()).map(constant -> constant.name().toLowerCase(Locale.ROOT)).toList()));
    }

    /**
     * {@code granularity}, {@code from} and {@code to}: both on the granularity's boundaries, from
     * before to, to no later than the end of the current bucket, at most {@code maxDays} days or
     * {@code maxHours} hours. Without {@code to}, the current bucket's end; without {@code from},
     * 7 days or 24 hours before {@code to}.
     */
    public static Range range(Context ctx, Clock clock, Granularity defaultGranularity, int maxDays, int maxHours)
    {
        Granularity granularity = choice(ctx, "granularity", Granularity.class, defaultGranularity);
        Instant currentEnd = clock.instant().truncatedTo(granularity.unit()).plus(1, granularity.unit());
        int defaultLength = granularity == Granularity.DAY ? 7 : 24;
        Instant to = Optional.ofNullable(QueryParameters.single(ctx, "to")).map(value -> instant("to", value)).orElse(currentEnd);
        Instant from = Optional.ofNullable(QueryParameters.single(ctx, "from")).map(value -> instant("from", value)).orElse(to.minus(defaultLength, granularity.unit()));
        for (Instant bound : List.of(from, to)) {
            if (!bound.truncatedTo(granularity.unit()).equals(bound)) {
                throw ProblemException.badRequest("%s is not on %s boundary (UTC); use e.g. %s".formatted(bound, granularity == Granularity.HOUR ? "an hour" : "a day",
                        bound.truncatedTo(granularity.unit())));
            }
        }
        if (!from.isBefore(to)) {
            throw ProblemException.badRequest("from[%s] must be before to[%s]".formatted(from, to));
        }
        if (to.isAfter(currentEnd)) {
            throw ProblemException.badRequest("to[%s] is past the current %s, which ends at %s".formatted(to, granularity.name().toLowerCase(Locale.ROOT), currentEnd));
        }
        long buckets = granularity.unit().between(from, to);
        long max = granularity == Granularity.DAY ? maxDays : maxHours;
        if (buckets > max) {
            throw ProblemException.badRequest("the range holds %s %ss; at most %s per request".formatted(buckets, granularity.name().toLowerCase(Locale.ROOT), max));
        }
        return new Range(granularity, from, to);
    }

    /**
     * An ISO-8601 instant ({@code 2026-11-22T14:00:00Z}) or a UTC date ({@code 2026-11-22}, its
     * midnight), with a four-digit year: an instant a billion years off is one a range's
     * arithmetic cannot hold.
     */
    public static Instant instant(String name, String value)
    {
        Instant instant;
        try {
            instant = value.length() == 10 ? Checks.date(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        }
        catch (DateTimeParseException e) {
            throw notAnInstant(name, value);
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw notAnInstant(name, value);
        }
        return instant;
    }

    private static ProblemException notAnInstant(String name, String value)
    {
        return ProblemException.badRequest("%s[%s] must be a UTC date (2026-11-22) or an ISO-8601 instant (2026-11-22T14:00:00Z)".formatted(name, Checks.abbreviate(value)));
    }
}
