package io.hotellambda.booking;

import io.hotellambda.schemas.DomainException;
import io.hotellambda.schemas.SqlFailures;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

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

    /** Binds a dynamically built statement's parameters in order: a list as a text array, null as a text null, the rest as themselves. */
    public static void bind(Connection connection, PreparedStatement statement, List<?> parameters)
            throws SQLException
    {
        for (int i = 0; i < parameters.size(); i++) {
            Object parameter = parameters.get(i);
            if (parameter instanceof List<?> list) {
                statement.setArray(i + 1, connection.createArrayOf("text", list.toArray()));
            }
            else if (parameter == null) {
                statement.setNull(i + 1, Types.VARCHAR);
            }
            else {
                statement.setObject(i + 1, parameter);
            }
        }
    }
}
