package io.hotellambda.schemas;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/** Which failed database calls are the database being away (retry later), as opposed to a statement it refused (a bug). */
public final class SqlFailures
{
    // a server shutting down, crashed, or starting up
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03");

    private SqlFailures() {}

    /** No connection in time, a broken connection (SQLSTATE class 08), or a server going down or not up yet. */
    public static boolean isUnavailable(SQLException e)
    {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException || (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state)));
    }
}
