package io.hotellambda.batch.daily;

import io.hotellambda.schemas.Migrations;
import io.hotellambda.schemas.ServingTables;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The nightly job's connection to PostgreSQL's serving tables: it migrates them and publishes a
 * computed day through {@link ServingTables}, their one owner (one transaction per day; the batch
 * watermark and the totals move with it).
 */
public final class ServingPublisher
{
    private final String jdbcUrl;
    private final String user;
    private final String password;

    public ServingPublisher(String jdbcUrl, String user, String password)
    {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** Applies the serving slice's migrations, which the batch layer owns (booking-app applies the catalog's). */
    public void migrate()
    {
        Migrations.serving(jdbcUrl, user, password);
    }

    /** Returns the batch watermark after the publish. */
    public Optional<Instant> publish(ServingTables.DayResult result)
            throws SQLException
    {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            return ServingTables.publish(connection, result);
        }
    }

    public Optional<Instant> watermark()
            throws SQLException
    {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            return ServingTables.watermark(connection);
        }
    }
}
