package io.hotellambda.batch.daily;

import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.archive.ArchiveStore;
import io.hotellambda.batch.archive.RawSchema;
import io.hotellambda.schemas.BookingMetric;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The Hive tables analysts query: {@code raw_<topic>} (external, over the archive, partitioned by
 * {@code dt} and {@code hour}), a view {@code <topic>} over it that shows the event id as text
 * whichever schema version a file has ({@link RawSchema}), and the daily tables (partitioned by
 * {@code dt}). A day's partitions are registered and overwritten as part of publishing it, so a
 * rerun replaces the day.
 */
public final class BatchTables
{
    public static final String DAILY_HOTEL_VIEWS = "daily_hotel_views";
    public static final String DAILY_HOTEL_VIEW_BREAKDOWN = "daily_hotel_view_breakdown";
    public static final String DAILY_HOTEL_BOOKINGS = "daily_hotel_bookings";
    public static final String AUDIT_HOTEL_VIEWS = "audit_hotel_views";
    public static final String AUDIT_HOTEL_BOOKINGS = "audit_hotel_bookings";
    public static final String AUDIT_BOOKING_DAYS = "audit_booking_days";
    public static final String AUDIT_DAYS = "audit_days";

    private final SparkSession spark;
    private final ArchiveLayout archive;

    public BatchTables(SparkSession spark, ArchiveLayout archive)
    {
        this.spark = spark;
        this.archive = archive;
    }

    public static String rawTable(String topic)
    {
        return "raw_" + topic;
    }

    /** The view over {@code raw_<topic>} with version 1's columns: the event id as text, from either version's files. */
    public static String eventsView(String topic)
    {
        return topic;
    }

    private static String eventsViewColumns()
    {
        return Arrays.stream(RawColumns.SPARK.fieldNames())
                .filter(name -> !name.equals("event_id_hi") && !name.equals("event_id_lo"))
                .map(name -> name.equals("event_id") ? RawColumns.idTextSql() + " AS event_id" : name)
                .collect(Collectors.joining(", ")) + ", dt, hour";
    }

    public void create(List<String> topics)
    {
        for (String topic : topics) {
            boolean existed = spark.catalog().tableExists(rawTable(topic));
            spark.sql("""
                    CREATE EXTERNAL TABLE IF NOT EXISTS %s (%s)
                    PARTITIONED BY (dt STRING, hour STRING)
                    STORED AS PARQUET
                    LOCATION '%s'""".formatted(rawTable(topic), RawSchema.HIVE_COLUMNS, archive.topic(topic)));
            if (!existed && exists(archive.topic(topic))) {
                // hours archived before the table existed: the archiver's registrar adds only what it publishes
                spark.sql("ALTER TABLE %s RECOVER PARTITIONS".formatted(rawTable(topic)));
            }
            if (existed && !hasVersion2Columns(topic)) {
                // made for version 1 files: version 2's columns join it, and its version 1 files read them as null
                unlessDoneMeanwhile(() -> spark.sql("ALTER TABLE %s ADD COLUMNS (%s)".formatted(rawTable(topic), RawSchema.HIVE_COLUMNS_ADDED_IN_2)),
                        () -> hasVersion2Columns(topic));
            }
            String query = "SELECT %s FROM %s".formatted(eventsViewColumns(), rawTable(topic));
            if (!query.equals(viewText(eventsView(topic)).orElse(null))) {
                unlessDoneMeanwhile(() -> spark.sql("CREATE OR REPLACE VIEW %s AS %s".formatted(eventsView(topic), query)),
                        () -> query.equals(viewText(eventsView(topic)).orElse(null)));
            }
        }
        spark.sql("""
                CREATE TABLE IF NOT EXISTS %s (hotel_id BIGINT, views BIGINT, unique_viewers BIGINT)
                PARTITIONED BY (dt STRING)
                STORED AS PARQUET""".formatted(DAILY_HOTEL_VIEWS));
        spark.sql("""
                CREATE TABLE IF NOT EXISTS %s (hotel_id BIGINT, hour INT, country STRING, device STRING, views BIGINT)
                PARTITIONED BY (dt STRING)
                STORED AS PARQUET""".formatted(DAILY_HOTEL_VIEW_BREAKDOWN));
        // booking-time axis (received_at); one row per hotel, UTC hour and currency: BookingMetric's columns, then the net revenue
        spark.sql("""
                CREATE TABLE IF NOT EXISTS %s (hotel_id BIGINT, hour INT, currency STRING, %s, net_revenue_cents BIGINT)
                PARTITIONED BY (dt STRING)
                STORED AS PARQUET""".formatted(DAILY_HOTEL_BOOKINGS, Arrays.stream(BookingMetric.values())
                .map(metric -> metric.column() + " BIGINT").collect(Collectors.joining(", "))));
    }

    /** A view's query as the metastore holds it; empty when there is no such view. Replacing a view at every start cost a drop and a create in the metastore. */
    Optional<String> viewText(String view)
    {
        try {
            scala.Option<String> text = spark.sessionState().catalog().getTableMetadata(new TableIdentifier(view)).viewText();
            return text.isDefined() ? Optional.of(text.get()) : Optional.empty();
        }
        catch (AnalysisException e) {
            // no such view (NoSuchTableException), asked once instead of "exists?" and then "what?"
            return Optional.empty();
        }
    }

    private boolean hasVersion2Columns(String topic)
    {
        spark.catalog().refreshTable(rawTable(topic));
        return Arrays.asList(spark.table(rawTable(topic)).columns()).contains("event_id_hi");
    }

    /**
     * Runs a metastore change that another process (HiveServer2 and the nightly job both create
     * the tables at their start) may have made at the same moment: if it fails and the change is
     * there, the other one made it.
     */
    private static void unlessDoneMeanwhile(Runnable change, BooleanSupplier done)
    {
        try {
            change.run();
        }
        catch (RuntimeException e) {
            if (!done.getAsBoolean()) {
                throw e;
            }
        }
    }

    /** The audit's tables: every hotel's comparison, and the day's summary. */
    public void createAudit()
    {
        spark.sql("""
                CREATE TABLE IF NOT EXISTS %s (hotel_id BIGINT, batch_views BIGINT, speed_views BIGINT, difference BIGINT,
                    relative_difference DOUBLE, batch_unique_viewers BIGINT, speed_unique_viewers BIGINT, uniques_within_bound BOOLEAN)
                PARTITIONED BY (dt STRING)
                STORED AS PARQUET""".formatted(AUDIT_HOTEL_VIEWS));
        spark.sql("""
                CREATE TABLE IF NOT EXISTS %s (hotels_compared INT, batch_views BIGINT, speed_views BIGINT, total_absolute_difference BIGINT,
                    drift DOUBLE, largest_relative_difference DOUBLE, largest_relative_difference_hotel BIGINT, uniques_outside_bound INT,
                    passed BOOLEAN, failures STRING, batch_forced BOOLEAN)
                PARTITIONED BY (dt STRING)
                STORED AS PARQUET""".formatted(AUDIT_DAYS));
    }

    /** The booking audit's tables: each hotel's numbers per currency and metric on both sides, and the day's summary. */
    public void createBookingAudit()
    {
        spark.sql("""
                CREATE TABLE IF NOT EXISTS %s (hotel_id BIGINT, currency STRING, metric STRING, batch_value BIGINT, speed_value BIGINT, difference BIGINT)
                PARTITIONED BY (dt STRING)
                STORED AS PARQUET""".formatted(AUDIT_HOTEL_BOOKINGS));
        spark.sql("""
                CREATE TABLE IF NOT EXISTS %s (hotels_compared INT, differences INT, passed BOOLEAN, failures STRING, batch_forced BOOLEAN)
                PARTITIONED BY (dt STRING)
                STORED AS PARQUET""".formatted(AUDIT_BOOKING_DAYS));
    }

    /**
     * Registers the day's hour directories of a raw table; ones already registered are left
     * alone. One statement for all of them: the metastore adds them in one call (a statement per
     * hour took 1.5 s a day on the quickstart's Derby metastore).
     */
    public void registerRawDay(String topic, LocalDate day)
            throws IOException
    {
        List<String> hours = new ArchiveStore(archive).hours(topic, day);
        if (hours.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("ALTER TABLE %s ADD IF NOT EXISTS".formatted(rawTable(topic)));
        for (String hour : hours) {
            sql.append(" PARTITION (dt='%s', hour='%s') LOCATION '%s'".formatted(day, hour, archive.hour(topic, day, hour)));
        }
        spark.sql(sql.toString());
    }

    /** Replaces the day's partition of a daily table with {@code rows} (columns in the table's order). */
    public void overwriteDay(String table, LocalDate day, Dataset<Row> rows)
    {
        String view = "day_of_" + table;
        rows.createOrReplaceTempView(view);
        spark.sql("INSERT OVERWRITE TABLE %s PARTITION (dt='%s') SELECT * FROM %s".formatted(table, day, view));
        spark.catalog().dropTempView(view);
    }

    /** A daily table's columns without its partition column {@code dt}: what rows given to {@link #overwriteDay} have. */
    public StructType rowSchema(String table)
    {
        return new StructType(Arrays.stream(spark.table(table).schema().fields()).filter(field -> !field.name().equals("dt")).toArray(StructField[]::new));
    }

    /** Archived rows of the given data files, read with the file schema (no inference). */
    public Dataset<Row> rawFiles(Collection<Path> files)
    {
        if (files.isEmpty()) {
            return spark.createDataFrame(List.of(), RawColumns.SPARK);
        }
        return spark.read().schema(RawColumns.SPARK).parquet(files.stream().map(Path::toString).toArray(String[]::new));
    }

    private boolean exists(Path path)
    {
        try {
            return archive.fileSystem().exists(path);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
