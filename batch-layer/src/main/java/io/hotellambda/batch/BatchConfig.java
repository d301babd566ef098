package io.hotellambda.batch;

import io.hotellambda.batch.hive.HiveMetastore;
import io.hotellambda.batch.hive.MetastoreDatabase;
import io.hotellambda.config.Settings;

import java.nio.file.Path;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * What the nightly jobs and the Thrift server read from their environment ({@code BATCH_<KEY>} or
 * a properties file); keys are listed in docs/batch-layer.md.
 *
 * @param archiveRoot the archiver's {@code raw/} root, as a Hadoop path
 * @param partitions how many partitions the job shuffles into
 * @param metastoreDirectory where a local Derby metastore keeps its files
 * @param bookingJdbcUrl booking-app's database (a read replica will do), where the nightly inventory
 *        snapshot is taken; by default the serving database, which the quickstart shares with it
 */
public record BatchConfig(
        String sparkMaster,
        String archiveRoot,
        HiveMetastore metastore,
        String servingJdbcUrl,
        String servingUser,
        String servingPassword,
        int partitions,
        Path metastoreDirectory,
        String bookingJdbcUrl,
        String bookingUser,
        String bookingPassword)
{
    public static final String ENV_PREFIX = "BATCH_";
    public static final int DEFAULT_METASTORE_PORT = 11527;

    public BatchConfig
    {
        requireNonNull(sparkMaster, "sparkMaster is null");
        requireNonNull(archiveRoot, "archiveRoot is null");
        requireNonNull(metastore, "metastore is null");
        requireNonNull(servingJdbcUrl, "servingJdbcUrl is null");
        requireNonNull(bookingJdbcUrl, "bookingJdbcUrl is null");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions[%s] must be positive".formatted(partitions));
        }
    }

    /** The port of a Derby network metastore on this machine, which a batch JVM starts when nothing serves it yet. */
    public OptionalInt localMetastorePort()
    {
        String prefix = "jdbc:derby://127.0.0.1:";
        if (!metastore.jdbcUrl().startsWith(prefix)) {
            return OptionalInt.empty();
        }
        String rest = metastore.jdbcUrl().substring(prefix.length());
        return OptionalInt.of(Integer.parseInt(rest.substring(0, rest.indexOf('/'))));
    }

    public static BatchConfig load(Settings settings)
    {
        String servingJdbcUrl = settings.string("serving.jdbc.url", "jdbc:postgresql://127.0.0.1:15432/hotel_lambda");
        String servingUser = settings.string("serving.user", "postgres");
        String servingPassword = settings.string("serving.password", "");
        return new BatchConfig(
                settings.string("spark.master", "local[2]"),
                settings.string("archive.root", "var/archive/raw"),
                new HiveMetastore(
                        settings.string("metastore.jdbc.url", MetastoreDatabase.jdbcUrl(DEFAULT_METASTORE_PORT)),
                        settings.string("metastore.user", "APP"),
                        settings.string("metastore.password", "app"),
                        settings.string("warehouse", "var/archive/warehouse")),
                servingJdbcUrl,
                servingUser,
                servingPassword,
                settings.integer("partitions", 8),
                Path.of(settings.string("metastore.directory", "var/archive/metastore")),
                settings.string("booking.jdbc.url", servingJdbcUrl),
                settings.string("booking.user", servingUser),
                settings.string("booking.password", servingPassword));
    }
}
