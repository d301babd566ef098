package io.hotellambda.serving.bookings;

import io.hotellambda.http.JsonBodies;
import io.hotellambda.http.ProblemException;
import io.hotellambda.http.QueryParameters;
import io.hotellambda.serving.Granularity;
import io.hotellambda.serving.RouteParameters;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;

/** Merged booking numbers over HTTP: {@code GET /v1/hotels/{id}/revenue}. */
public final class BookingRoutes
{
    static final int MAX_DAYS = 366;
    static final int MAX_HOURS = 24 * 31;
    private static final Logger LOG = LoggerFactory.getLogger(BookingRoutes.class);

    private final MergedBookings bookings;
    private final JsonBodies bodies;
    private final Clock clock;

    public BookingRoutes(MergedBookings bookings, JsonBodies bodies, Clock clock)
    {
        this.bookings = bookings;
        this.bodies = bodies;
        this.clock = clock;
    }

    public void register(Javalin app)
    {
        app.get("/v1/hotels/{id}/revenue", this::revenue);
    }

    private void revenue(Context ctx)
    {
        QueryParameters.requireKnown(ctx, "granularity", "from", "to");
        long hotelId = RouteParameters.hotelId("id", ctx.pathParam("id"));
        RouteParameters.Range range = RouteParameters.range(ctx, clock, Granularity.DAY, MAX_DAYS, MAX_HOURS);
        try {
            bodies.write(ctx, bookings.revenue(hotelId, range.granularity(), range.from(), range.to()));
        }
        catch (SQLException e) {
            LOG.warn("the batch's booking numbers could not be read: {}", e.getMessage());
            throw ProblemException.unavailable("the batch's booking numbers cannot be read now (PostgreSQL: %s); retry shortly".formatted(e.getSQLState()));
        }
    }
}
