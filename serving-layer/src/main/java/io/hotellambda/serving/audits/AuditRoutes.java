package io.hotellambda.serving.audits;

import io.hotellambda.http.JsonBodies;
import io.hotellambda.http.ProblemException;
import io.hotellambda.http.QueryParameters;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;

import static io.hotellambda.serving.RouteParameters.bounded;

/** The audits over HTTP: {@code GET /v1/audits?days=}, the newest audited days (30 by default, at most {@value #MAX_DAYS}). */
public final class AuditRoutes
{
    static final int MAX_DAYS = 366;
    private static final Logger LOG = LoggerFactory.getLogger(AuditRoutes.class);

    private final AuditHistory history;
    private final JsonBodies bodies;

    public AuditRoutes(AuditHistory history, JsonBodies bodies)
    {
        this.history = history;
        this.bodies = bodies;
    }

    public void register(Javalin app)
    {
        app.get("/v1/audits", this::latest);
    }

    private void latest(Context ctx)
    {
        QueryParameters.requireKnown(ctx, "days");
        int days = bounded(ctx, "days", 30, MAX_DAYS);
        try {
            bodies.write(ctx, history.latest(days));
        }
        catch (SQLException e) {
            LOG.warn("the audits could not be read: {}", e.getMessage());
            throw ProblemException.unavailable("the audits cannot be read now (PostgreSQL: %s); retry shortly".formatted(e.getSQLState()));
        }
    }
}
