package io.hotellambda.booking;

import io.hotellambda.schemas.DomainException;
import io.hotellambda.schemas.SqlFailures;

import java.sql.SQLException;

/** How booking-app's repositories name a failed database call: an outage, or a bug. */
public final class Databases
{
    private Databases() {}

    /**
     * The database could not be reached (no connection in time, a broken connection, a server
     * going down): {@link DomainException.Kind#UNAVAILABLE}, which clients see as a 503 to retry.
     * Anything else, a statement the database refused, is a bug here: an {@link IllegalStateException}.
     */
    public static RuntimeException failure(String what, SQLException e)
    {
        if (SqlFailures.isUnavailable(e)) {
            return DomainException.unavailable("%s: the database is unavailable".formatted(what), e);
        }
        return new IllegalStateException(what, e);
    }
}
