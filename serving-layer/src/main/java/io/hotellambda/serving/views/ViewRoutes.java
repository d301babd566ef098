package io.hotellambda.serving.views;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import io.hotellambda.http.JsonBodies;
import io.hotellambda.http.ProblemException;
import io.hotellambda.serving.views.MergedViews.Granularity;
import io.hotellambda.serving.views.MergedViews.Metric;
import io.hotellambda.serving.views.MergedViews.ViewCounts;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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

    /** {@code POST /v1/views/query}'s body. */
    public record ViewQuery(List<Long> hotelIds) {}

    /**
     * {@code POST /v1/views/query}'s answer: W and {@code degraded} once, as they hold for every
     * hotel of one answer, then per hotel {@code hotel_id}, {@code view_count}, {@code batch_count}
     * and {@code speed_count} (null when degraded). Written field by field from the counts'
     * arrays: a 1,000-hotel answer makes no object per hotel.
     */
    public record QueryAnswer(ViewCounts counts)
            implements JsonSerializable
    {
        @Override
        public void serialize(JsonGenerator out, SerializerProvider provider)
                throws IOException
        {
            out.writeStartObject();
            provider.defaultSerializeField("watermark", counts.watermark(), out);
            out.writeBooleanField("degraded", counts.degraded());
            out.writeArrayFieldStart("views");
            for (int i = 0; i < counts.size(); i++) {
                out.writeStartObject();
                out.writeNumberField("hotel_id", counts.hotelIds()[i]);
                out.writeNumberField("view_count", counts.viewCount(i));
                out.writeNumberField("batch_count", counts.batchCounts()[i]);
                if (counts.speedCounts() == null) {
                    out.writeNullField("speed_count");
                }
                else {
                    out.writeNumberField("speed_count", counts.speedCounts()[i]);
                }
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        }

        @Override
        public void serializeWithType(JsonGenerator out, SerializerProvider provider, TypeSerializer type)
                throws IOException
        {
            serialize(out, provider);
        }
    }

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
        long hotelId = hotelId("hotel_id", required(ctx, "hotel_id"));
        bodies.write(ctx, views.counts(List.of(hotelId)).get(0));
    }

    private void many(Context ctx)
    {
        ViewQuery query = bodies.read(ctx, ViewQuery.class, maxRequestBytes);
        if (query.hotelIds() == null || query.hotelIds().isEmpty()) {
            throw ProblemException.badRequest("hotel_ids must be a non-empty array of hotel ids");
        }
        if (query.hotelIds().size() > maxQueryHotels) {
            throw ProblemException.badRequest("hotel_ids has %s ids; at most %s per query".formatted(query.hotelIds().size(), maxQueryHotels));
        }
        List<Long> ids = distinctHotelIds(query.hotelIds());
        bodies.write(ctx, new QueryAnswer(views.counts(ids)));
    }

    private void stats(Context ctx)
    {
        long hotelId = hotelId("id", ctx.pathParam("id"));
        Metric metric = choice(ctx, "metric", Metric.class, Metric.VIEWS);
        Granularity granularity = choice(ctx, "granularity", Granularity.class, Granularity.DAY);
        Instant currentEnd = clock.instant().truncatedTo(granularity.unit).plus(1, granularity.unit);
        int defaultLength = granularity == Granularity.DAY ? 7 : 24;
        Instant to = Optional.ofNullable(ctx.queryParam("to")).map(value -> instant("to", value)).orElse(currentEnd);
        Instant from = Optional.ofNullable(ctx.queryParam("from")).map(value -> instant("from", value)).orElse(to.minus(defaultLength, granularity.unit));
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
        Optional<String> city = Optional.ofNullable(ctx.queryParam("city"));
        if (city.isPresent() && (city.get().isBlank() || city.get().length() > 100)) {
            throw ProblemException.badRequest("city must be 1 to 100 characters");
        }
        int limit = bounded(ctx, "limit", 10, MAX_TOP);
        int days = bounded(ctx, "days", 7, MAX_DAYS);
        bodies.write(ctx, views.top(city, days, limit));
    }

    /** The requested ids, each once, in request order; a problem for one that is not a positive integer. */
    private static List<Long> distinctHotelIds(List<Long> requested)
    {
        List<Long> ids = new ArrayList<>(requested.size());
        // a set of primitive ids, open addressing: ids are positive, so 0 marks a free slot
        long[] seen = new long[Integer.highestOneBit(requested.size()) * 4];
        for (int i = 0; i < requested.size(); i++) {
            Long id = requested.get(i);
            if (id == null || id <= 0) {
                throw ProblemException.badRequest("hotel_ids[%s] is %s; hotel ids are positive integers".formatted(i, id));
            }
            int slot = Long.hashCode(id * 0x9E3779B97F4A7C15L) & (seen.length - 1);
            while (seen[slot] != 0 && seen[slot] != id) {
                slot = (slot + 1) & (seen.length - 1);
            }
            if (seen[slot] == 0) {
                seen[slot] = id;
                ids.add(id);
            }
        }
        return ids;
    }

    private static String required(Context ctx, String name)
    {
        String value = ctx.queryParam(name);
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
        throw ProblemException.badRequest("%s[%s] must be a positive integer".formatted(name, abbreviate(value)));
    }

    private static int bounded(Context ctx, String name, int defaultValue, int max)
    {
        String value = ctx.queryParam(name);
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
        throw ProblemException.badRequest("%s[%s] must be an integer from 1 to %s".formatted(name, abbreviate(value), max));
    }

    private static <E extends Enum<E>> E choice(Context ctx, String name, Class<E> type, E defaultValue)
    {
        String value = ctx.queryParam(name);
        if (value == null) {
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.strip())) {
                return constant;
            }
        }
        throw ProblemException.badRequest("%s[%s] must be one of %s".formatted(name, abbreviate(value),
                Arrays.stream(type.getEnumConstants()).map(constant -> constant.name().toLowerCase(Locale.ROOT)).toList()));
    }

    /** An ISO-8601 instant ({@code 2026-11-22T14:00:00Z}) or a UTC date ({@code 2026-11-22}, its midnight). */
    private static Instant instant(String name, String value)
    {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        }
        catch (DateTimeParseException e) {
            throw ProblemException.badRequest("%s[%s] must be a UTC date (2026-11-22) or an ISO-8601 instant (2026-11-22T14:00:00Z)".formatted(name, abbreviate(value)));
        }
    }

    /** Echoes client input, but never a whole oversized value. */
    private static String abbreviate(String value)
    {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
