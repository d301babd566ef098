package io.hotellambda.booking;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * Runs a unit of work in one PostgreSQL transaction (READ COMMITTED): committed when the work
 * returns, rolled back when it throws. A deadlock or serialization failure, which PostgreSQL
 * resolves by aborting one side, is retried a few times; anything else propagates, an SQL failure
 * classified by {@link Databases#failure}.
 */
public final class Transactions
{
    private static final String DEADLOCK = "40P01";
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final int ATTEMPTS = 3;

    private final DataSource dataSource;

    public Transactions(DataSource dataSource)
    {
        this.dataSource = dataSource;
    }

    /** The work of one transaction; it may throw {@link SQLException} or a domain exception. */
    public interface Work<T>
    {
        T run(Connection connection)
                throws SQLException;
    }

    public <T> T run(String what, Work<T> work)
    {
        return run(work, e -> Databases.failure("cannot " + what, e));
    }

    /** As {@link #run(String, Work)}, with the caller's own reading of a failed statement (a unique violation as a conflict, say). */
    public <T> T run(Work<T> work, Function<SQLException, RuntimeException> failure)
    {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                }
                catch (SQLException | RuntimeException e) {
                    rollback(connection, e);
                    throw e;
                }
            }
            catch (SQLException e) {
                if (attempt < ATTEMPTS && (DEADLOCK.equals(e.getSQLState()) || SERIALIZATION_FAILURE.equals(e.getSQLState()))) {
                    continue;
                }
                throw failure.apply(e);
            }
        }
    }

    private static void rollback(Connection connection, Exception cause)
    {
        try {
            connection.rollback();
        }
        catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
