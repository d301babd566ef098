package io.hotellambda.serving;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The serving layer's per-request reads of PostgreSQL: a connection that fails in bounded time
 * when the database is absent or stuck, read-only, in one repeatable-read transaction so that a
 * request's reads come from one publish, rolled back when done.
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

    public <T> T read(Read<T> read)
            throws SQLException
    {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties)) {
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return read.read(connection);
            }
            finally {
                connection.rollback();
            }
        }
    }
}
