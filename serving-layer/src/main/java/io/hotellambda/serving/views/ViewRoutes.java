package io.hotellambda.serving.views;

import io.hotellambda.http.JsonBodies;
import io.hotellambda.http.ProblemException;
import io.hotellambda.http.QueryParameters;
import io.hotellambda.schemas.Checks;
import io.hotellambda.serving.HotelTable;
import io.hotellambda.serving.views.MergedViews.Granularity;
import io.hotellambda.serving.views.MergedViews.Metric;
import io.hotellambda.serving.views.MergedViews.ViewCounts;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Merged view counts over HTTP: one hotel, many hotels, one hotel's time series, and a ranking.
 * Every answer states the watermark W it was stitched at and whether it is {@code degraded}.
 */
public final class ViewRoutes
{
    static final int MAX_HOURS = 24 * 31;
    static final int MAX_DAYS = 366;
    static final int MAX_TOP = 100;

    /** {@code POST /v1/views/query}'s body: without {@code days}, views of all time; with it, over the last {@code days} UTC days (today included). */
    public record ViewQuery(long[] hotelIds, Integer days) {}

    private final MergedViews views;
    private final JsonBodies bodies;
    private final Clock clock;
    private final int maxQueryHotels;
    private final long maxRequestBytes;

    public ViewRoutes(MergedViews views, JsonBodies bodies, Clock clock, int maxQueryHotels, long maxRequestBytes)
    {
        this.views = views;
        this.bodies = bodies;
        this.clock = clock;
        this.maxQueryHotels = maxQueryHotels;
        this.maxRequestBytes = maxRequestBytes;
    }

    public void register(Javalin app)
    {
        app.get("/v1/views", this::one);
        app.post("/v1/views/query", this::many);
        app.get("/v1/hotels/top", this::top);
        app.get("/v1/hotels/{id}/stats", this::stats);
    }

    private void one(Context ctx)
    {
        QueryParameters.requireKnown(ctx, "hotel_id");
        long hotelId = hotelId("hotel_id", required(ctx, "hotel_id"));
        bodies.write(ctx, views.counts(new long[] {hotelId}).get(0));
    }

    private void many(Context ctx)
    {
        QueryParameters.requireKnown(ctx);
        ViewQuery query = bodies.read(ctx, ViewQuery.class, maxRequestBytes);
        if (query.hotelIds() == null || query.hotelIds().length == 0) {
            throw ProblemException.badRequest("hotel_ids must be a non-empty array of hotel ids");
        }
        if (query.hotelIds().length > maxQueryHotels) {
            throw ProblemException.badRequest("hotel_ids has %s ids; at most %s per query".formatted(query.hotelIds().length, maxQueryHotels));
        }
        if (query.days() != null && (query.days() < 1 || query.days() > MAX_DAYS)) {
            throw ProblemException.badRequest("days[%s] must be an integer from 1 to %s".formatted(query.days(), MAX_DAYS));
        }
        long[] hotelIds = distinctHotelIds(query.hotelIds());
        ViewCounts counts = query.days() == null ? views.counts(hotelIds) : views.recentCounts(hotelIds, query.days());
        bodies.write(ctx, out -> QueryAnswer.write(counts, out));
    }

    private void stats(Context ctx)
    {
        QueryParameters.requireKnown(ctx, "metric", "granularity", "from", "to");
        long hotelId = hotelId("id", ctx.pathParam("id"));
        Metric metric = choice(ctx, "metric", Metric.class, Metric.VIEWS);
        Granularity granularity = choice(ctx, "granularity", Granularity.class, Granularity.DAY);
        Instant currentEnd = clock.instant().truncatedTo(granularity.unit).plus(1, granularity.unit);
        int defaultLength = granularity == Granularity.DAY ? 7 : 24;
        Instant to = Optional.ofNullable(QueryParameters.single(ctx, "to")).map(value -> instant("to", value)).orElse(currentEnd);
        Instant from = Optional.ofNullable(QueryParameters.single(ctx, "from")).map(value -> instant("from", value)).orElse(to.minus(defaultLength, granularity.unit));
        for (Instant bound : List.of(from, to)) {
            if (!bound.truncatedTo(granularity.unit).equals(bound)) {
                throw ProblemException.badRequest("%s is not on %s boundary (UTC); use e.g. %s".formatted(bound, granularity == Granularity.HOUR ? "an hour" : "a day", bound.truncatedTo(granularity.unit)));
            }
        }
        if (!from.isBefore(to)) {
            throw ProblemException.badRequest("from[%s] must be before to[%s]".formatted(from, to));
        }
        if (to.isAfter(currentEnd)) {
            throw ProblemException.badRequest("to[%s] is past the current %s, which ends at %s".formatted(to, granularity.name().toLowerCase(Locale.ROOT), currentEnd));
        }
        long buckets = granularity.unit.between(from, to);
        long max = granularity == Granularity.DAY ? MAX_DAYS : MAX_HOURS;
        if (buckets > max) {
            throw ProblemException.badRequest("the range holds %s %ss; at most %s per request".formatted(buckets, granularity.name().toLowerCase(Locale.ROOT), max));
        }
        bodies.write(ctx, views.series(hotelId, metric, granularity, from, to));
    }

    private void top(Context ctx)
    {
        QueryParameters.requireKnown(ctx, "city", "limit", "days");
        Optional<String> city = Optional.ofNullable(QueryParameters.single(ctx, "city"));
        if (city.isPresent() && (city.get().isBlank() || city.get().length() > 100)) {
            throw ProblemException.badRequest("city must be 1 to 100 characters");
        }
        int limit = bounded(ctx, "limit", 10, MAX_TOP);
        int days = bounded(ctx, "days", 7, MAX_DAYS);
        bodies.write(ctx, views.top(city, days, limit));
    }

    /** The requested ids, each once, in request order; a problem for one that is not a positive integer. */
    private static long[] distinctHotelIds(long[] requested)
    {
        long[] ids = new long[requested.length];
        int distinct = 0;
        HotelTable seen = new HotelTable(requested.length, 0);
        for (int i = 0; i < requested.length; i++) {
            long id = requested[i];
            if (id <= 0) {
                throw ProblemException.badRequest("hotel_ids[%s] is %s; hotel ids are positive integers".formatted(i, id));
            }
            if (seen.find(id) < 0) {
                seen.add(id);
                ids[distinct++] = id;
            }
        }
        return distinct == ids.length ? ids : Arrays.copyOf(ids, distinct);
    }

    private static String required(Context ctx, String name)
    {
        String value = QueryParameters.single(ctx, name);
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("query parameter %s is required".formatted(name));
        }
        return value;
    }

    private static long hotelId(String name, String value)
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

    private static int bounded(Context ctx, String name, int defaultValue, int max)
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

    private static <E extends Enum<E>> E choice(Context ctx, String name, Class<E> type, E defaultValue)
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

    /** An ISO-8601 instant ({@code 2026-11-22T14:00:00Z}) or a UTC date ({@code 2026-11-22}, its midnight). */
    private static Instant instant(String name, String value)
    {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        }
        catch (DateTimeParseException e) {
            throw ProblemException.badRequest("%s[%s] must be a UTC date (2026-11-22) or an ISO-8601 instant (2026-11-22T14:00:00Z)".formatted(name, Checks.abbreviate(value)));
        }
    }

}
