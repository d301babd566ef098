package io.hotellambda.serving.demand;

import io.hotellambda.http.JsonBodies;
import io.hotellambda.http.ProblemException;
import io.hotellambda.http.QueryParameters;
import io.hotellambda.schemas.Checks;
import io.hotellambda.serving.RouteParameters;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Supply and demand over HTTP: {@code GET /v1/hotels/{id}/supply-demand} and
 * {@code GET /v1/cities/{city}/demand}, over stay dates {@code [from, to)}: by default the 30
 * nights after the newest published day, at most {@value #MAX_NIGHTS} (what the nightly job covers).
 */
public final class DemandRoutes
{
    static final int MAX_NIGHTS = 90;
    static final int DEFAULT_NIGHTS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(DemandRoutes.class);

    private final DemandAnswers answers;
    private final JsonBodies bodies;
    private final Clock clock;

    public DemandRoutes(DemandAnswers answers, JsonBodies bodies, Clock clock)
    {
        this.answers = answers;
        this.bodies = bodies;
        this.clock = clock;
    }

    public void register(Javalin app)
    {
        app.get("/v1/hotels/{id}/supply-demand", this::hotel);
        app.get("/v1/cities/{city}/demand", this::city);
    }

    private record Nights(Optional<LocalDate> asOf, LocalDate from, LocalDate to) {}

    private void hotel(Context ctx)
    {
        QueryParameters.requireKnown(ctx, "from", "to");
        long hotelId = RouteParameters.hotelId("id", ctx.pathParam("id"));
        read(() -> {
            Nights nights = nights(ctx);
            bodies.write(ctx, answers.hotel(hotelId, nights.asOf(), nights.from(), nights.to()));
        });
    }

    private void city(Context ctx)
    {
        QueryParameters.requireKnown(ctx, "from", "to");
        String city = Checks.text(ctx.pathParam("city"), "city", Checks.MAX_ID_LENGTH);
        read(() -> {
            Nights nights = nights(ctx);
            bodies.write(ctx, answers.city(city, nights.asOf(), nights.from(), nights.to()));
        });
    }

    /** {@code from} and {@code to}, dates; without {@code from}, the day after the newest day (or today); without {@code to}, 30 nights on. */
    private Nights nights(Context ctx)
            throws SQLException
    {
        Optional<LocalDate> asOf = answers.newest();
        LocalDate from = QueryParameters.optionalDate(ctx, "from")
                .orElseGet(() -> asOf.orElse(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)).plusDays(1));
        LocalDate to = QueryParameters.optionalDate(ctx, "to").orElse(from.plusDays(DEFAULT_NIGHTS));
        if (!from.isBefore(to)) {
            throw ProblemException.badRequest("from[%s] must be before to[%s]".formatted(from, to));
        }
        long nights = ChronoUnit.DAYS.between(from, to);
        if (nights > MAX_NIGHTS) {
            throw ProblemException.badRequest("the range holds %s stay nights; at most %s per request".formatted(nights, MAX_NIGHTS));
        }
        return new Nights(asOf, from, to);
    }

    private interface Read
    {
        void run()
                throws SQLException;
    }

    private static void read(Read read)
    {
        try {
            read.run();
        }
        catch (SQLException e) {
            LOG.warn("supply and demand could not be read: {}", e.getMessage());
            throw ProblemException.unavailable("supply and demand cannot be read now (PostgreSQL: %s); retry shortly".formatted(e.getSQLState()));
        }
    }
}
