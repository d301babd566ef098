package io.hotellambda.schemas;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import javax.sql.DataSource;

/**
 * The PostgreSQL migrations, one set per owner, each applied only by the deployable that owns its
 * tables: booking-app the catalog (hotels, room types, API tokens: {@code db/catalog}, history in
 * {@code public}), the batch layer the serving slice ({@code db/serving}, history in the
 * {@code serving} schema). The serving layer reads both and applies neither.
 * <p>
 * Until this split, one history in {@code public} held every migration. A database migrated then
 * keeps working: the catalog ignores the serving migrations recorded in that history, and the
 * serving schema, found full and without a history of its own, is taken as migrated up to V4 (the
 * last one then) before V6 applies.
 */
public final class Migrations
{
    private Migrations() {}

    /** booking-app's tables; what its start-up applies. */
    public static void catalog(DataSource dataSource)
    {
        catalog(Flyway.configure().dataSource(dataSource));
    }

    public static void catalog(String jdbcUrl, String user, String password)
    {
        catalog(Flyway.configure().dataSource(jdbcUrl, user, password));
    }

    private static void catalog(FluentConfiguration flyway)
    {
        flyway.locations("classpath:db/catalog")
                .ignoreMigrationPatterns("*:missing")
                .load().migrate();
    }

    /** The batch layer's serving slice; what the nightly job and the audit apply before they write. */
    public static void serving(String jdbcUrl, String user, String password)
    {
        Flyway.configure().dataSource(jdbcUrl, user, password)
                .schemas("serving")
                .locations("classpath:db/serving")
                .baselineOnMigrate(true)
                .baselineVersion("4")
                .load().migrate();
    }
}
