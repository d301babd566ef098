package io.hotellambda.booking;

import io.hotellambda.schemas.DomainException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/** How booking-app's repositories name a failed database call: an outage, or a bug. */
public final class Databases
{
    // connection exceptions, and a server shutting down or starting up
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03");

    private Databases() {}

    /**
     * The database could not be reached (no connection in time, a broken connection, a server
     * going down): {@link DomainException.Kind#UNAVAILABLE}, which clients see as a 503 to retry.
     * Anything else, a statement the database refused, is a bug here: an {@link IllegalStateException}.
     */
    public static RuntimeException failure(String what, SQLException e)
    {
        String state = e.getSQLState();
        if (e instanceof SQLTransientConnectionException || (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state)))) {
            return DomainException.unavailable("%s: the database is unavailable".formatted(what), e);
        }
        return new IllegalStateException(what, e);
    }
}
