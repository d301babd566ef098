package io.hotellambda.serving;

import io.hotellambda.schemas.ServingTables;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The serving layer's per-request reads of PostgreSQL: a connection that fails in bounded time
 * when the database is absent or stuck, read-only, in one repeatable-read transaction so that a
 * request's reads come from one publish, rolled back when done. Before the first nightly job has
 * published to the database its tables are not there, and a read answers as from empty ones.
 */
public final class ServingDatabase
{
    /** One request's reads. */
    public interface Read<T>
    {
        T read(Connection connection)
                throws SQLException;
    }

    private final String jdbcUrl;
    private final Properties properties = new Properties();

    public ServingDatabase(String jdbcUrl, String user, String password)
    {
        this.jdbcUrl = jdbcUrl;
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("loginTimeout", "2");
        properties.setProperty("socketTimeout", "10");
        properties.setProperty("ApplicationName", "serving-layer");
    }

    /**
     * One request's reads of the tables the nightly job publishes; {@code beforeAnyPublish} when
     * they are not there yet ({@link ServingTables#notPublishedYet}): what empty tables would give.
     */
    public <T> T read(Read<T> read, Supplier<T> beforeAnyPublish)
            throws SQLException
    {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties)) {
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return read.read(connection);
            }
            catch (SQLException e) {
                if (ServingTables.notPublishedYet(e)) {
                    return beforeAnyPublish.get();
                }
                throw e;
            }
            finally {
                connection.rollback();
            }
        }
    }
}
