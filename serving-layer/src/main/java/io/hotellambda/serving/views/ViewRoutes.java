package io.hotellambda.serving.views;

import io.hotellambda.http.JsonBodies;
import io.hotellambda.http.ProblemException;
import io.hotellambda.http.QueryParameters;
import io.hotellambda.serving.Granularity;
import io.hotellambda.serving.HotelTable;
import io.hotellambda.serving.RouteParameters;
import io.hotellambda.serving.views.MergedViews.Metric;
import io.hotellambda.serving.views.MergedViews.ViewCounts;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

import static io.hotellambda.serving.RouteParameters.bounded;
import static io.hotellambda.serving.RouteParameters.choice;
import static io.hotellambda.serving.RouteParameters.hotelId;
import static io.hotellambda.serving.RouteParameters.required;

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
        RouteParameters.Range range = RouteParameters.range(ctx, clock, Granularity.DAY, MAX_DAYS, MAX_HOURS);
        bodies.write(ctx, views.series(hotelId, metric, range.granularity(), range.from(), range.to()));
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
}
