package io.hotellambda.batch.bookings;

import io.hotellambda.batch.archive.ArchiveLayout;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Properties;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

/**
 * The day's snapshot of what booking-app sells: every room type's nights from the day to
 * {@link #HORIZON_DAYS} after, with capacity, overbooking cap, sold, held, closed and price, beside
 * the room type's price bounds and the hotel's city and currency. Inventory and rates change
 * through booking-app's API and are not events, so what a day saw is kept as it saw it: taken once,
 * by the first nightly run of the day, under the archive ({@link ArchiveLayout#snapshot}), and read
 * back on every rerun, so a rerun computes the same supply and demand. Registered as the Hive
 * table {@code inventory_nights} ({@code dt} the day it describes).
 */
public final class InventorySnapshot
{
    public static final String TABLE = "inventory_nights";
    /** How far ahead the snapshot reaches: the stay dates supply and demand covers. */
    public static final int HORIZON_DAYS = 90;
    public static final String COLUMNS = """
            hotel_id BIGINT, city STRING, currency STRING, room_type_id BIGINT, quantity INT, price_min_cents BIGINT, price_max_cents BIGINT,
            base_price_cents BIGINT, stay_date DATE, capacity INT, overbook_cap INT, sold INT, held INT, closed BOOLEAN, price_cents BIGINT,
            taken_at TIMESTAMP""";
    private static final String QUERY = """
            SELECT h.id AS hotel_id, h.city_key AS city, h.currency::text AS currency, rt.id AS room_type_id, rt.quantity, rt.price_min_cents, rt.price_max_cents,
                   rt.base_price_cents, i.stay_date, i.capacity, i.overbook_cap, i.sold, i.held, i.closed, i.price_cents
            FROM room_inventory i JOIN room_types rt ON rt.id = i.room_type_id JOIN hotels h ON h.id = rt.hotel_id
            WHERE i.stay_date BETWEEN DATE '%s' AND DATE '%s'""";

    /**
     * How long after a day its snapshot may still be taken: booking-app's inventory now is what
     * the day saw only shortly after it ends (the nightly run, a rerun the next morning).
     */
    public static final int MAX_AGE_DAYS = 2;

    /** Whether the day's snapshot was read back, taken now, or is missing: a day older than {@link #MAX_AGE_DAYS} that never got one. */
    public enum Source { STORED, TAKEN, MISSING }

    private final SparkSession spark;
    private final ArchiveLayout archive;
    private final Clock clock;
    private final String jdbcUrl;
    private final Properties connection = new Properties();

    public InventorySnapshot(SparkSession spark, ArchiveLayout archive, Clock clock, String jdbcUrl, String user, String password)
    {
        this.spark = spark;
        this.archive = archive;
        this.clock = clock;
        this.jdbcUrl = jdbcUrl;
        connection.setProperty("user", user);
        connection.setProperty("password", password);
        connection.setProperty("driver", "org.postgresql.Driver");
        connection.setProperty("fetchsize", "10000");
    }

    /**
     * The day's snapshot, taken from booking-app's database if the archive has none yet and the
     * day ended at most {@link #MAX_AGE_DAYS} ago (today's inventory is not an older day's);
     * registered in Hive either way.
     */
    public Source ensure(LocalDate day)
            throws IOException
    {
        Path directory = directory(day);
        FileSystem fileSystem = archive.fileSystem();
        Source source = Source.STORED;
        createTable();
        if (!fileSystem.exists(new Path(directory, "_SUCCESS"))) {
            if (day.isBefore(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(MAX_AGE_DAYS))) {
                return Source.MISSING;
            }
            Dataset<Row> nights = spark.read().jdbc(jdbcUrl, "(%s) AS nights".formatted(QUERY.formatted(day, day.plusDays(HORIZON_DAYS))), connection)
                    .withColumn("taken_at", current_timestamp());
            // Spark writes _SUCCESS last: a run that died half-way leaves none, and the next run takes the snapshot again
            nights.coalesce(1).write().mode(SaveMode.Overwrite).parquet(directory.toString());
            source = Source.TAKEN;
        }
        spark.sql("ALTER TABLE %s ADD IF NOT EXISTS PARTITION (dt='%s') LOCATION '%s'".formatted(TABLE, day, directory));
        return source;
    }

    private void createTable()
    {
        spark.sql("""
                CREATE EXTERNAL TABLE IF NOT EXISTS %s (%s)
                PARTITIONED BY (dt STRING)
                STORED AS PARQUET
                LOCATION '%s'""".formatted(TABLE, COLUMNS, archive.snapshot(TABLE)));
    }

    /** The day's snapshot, for the jobs that read it. */
    public Dataset<Row> of(LocalDate day)
    {
        return spark.table(TABLE).where(col("dt").equalTo(lit(day.toString())));
    }

    private Path directory(LocalDate day)
    {
        return new Path(archive.snapshot(TABLE), "dt=" + day);
    }
}
