package io.hotellambda.batch.bookings;

import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.archive.ArchiveStore;
import io.hotellambda.batch.daily.BatchTables;
import io.hotellambda.schemas.Topics;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

/**
 * The stay-date tables as of one day: the day's inventory snapshot ensured (a day too old to
 * have one gets {@code hotel_stay_nights} only), every archived
 * {@code booking_events} day up to it read once ({@link StayNights#reservations}), and the day's
 * partitions of {@code hotel_stay_nights} ({@link StayNights}) and {@code supply_demand}
 * ({@link SupplyDemand}, with the last 30 days of searches and 7 of views) replaced; then the
 * suggestions published to PostgreSQL through {@code publisher}. A rerun gives the same rows: the
 * events and searches up to the day and the stored snapshots do not change.
 */
public final class StayDateJob
{
    public static final String STAY_NIGHTS = "hotel_stay_nights";
    public static final String SUPPLY_DEMAND = "supply_demand";

    /** Where the day's supply and demand rows go beside Hive: the serving layer's and booking-app's copy. */
    public interface Publisher
    {
        void publish(LocalDate asOf, Dataset<Row> rows);
    }

    private final SparkSession spark;
    private final ArchiveStore archive;
    private final BatchTables tables;
    private final InventorySnapshot snapshots;
    private final Publisher publisher;

    public StayDateJob(SparkSession spark, ArchiveLayout archive, InventorySnapshot snapshots, Publisher publisher)
    {
        this.spark = spark;
        this.archive = new ArchiveStore(archive);
        this.tables = new BatchTables(spark, archive);
        this.snapshots = snapshots;
        this.publisher = publisher;
    }

    /** {@code nights} and {@code roomsSold}: of hotel_stay_nights; {@code supplyDemandRows}: of supply_demand. */
    public record Outcome(LocalDate asOf, InventorySnapshot.Source snapshot, long nights, long roomsSold, long supplyDemandRows) {}

    public Outcome run(LocalDate asOf)
            throws IOException
    {
        InventorySnapshot.Source snapshot = snapshots.ensure(asOf);
        tables.create(Topics.ALL);
        createTables();
        Dataset<Row> reservations = StayNights.reservations(tables.rawFiles(files(Topics.BOOKING_EVENTS, LocalDate.MIN, asOf)))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            tables.overwriteDay(STAY_NIGHTS, asOf, StayNights.stayNights(StayNights.soldNights(reservations, asOf),
                    StayNights.capacity(spark.table(InventorySnapshot.TABLE), asOf)));
            if (snapshot != InventorySnapshot.Source.MISSING) {
                Dataset<Row> searches = SupplyDemand.searches(tables.rawFiles(files(Topics.SEARCH_EVENTS, asOf.minusDays(29), asOf)));
                tables.overwriteDay(SUPPLY_DEMAND, asOf, SupplyDemand.rows(snapshots.of(asOf), SupplyDemand.sales(reservations, asOf), searches, views(asOf), asOf));
            }
        }
        finally {
            reservations.unpersist();
        }
        long supplyDemandRows = 0;
        // without the day's supply there is no supply and demand to publish: the days published before stay as they are
        if (snapshot != InventorySnapshot.Source.MISSING) {
            Dataset<Row> published = spark.table(SUPPLY_DEMAND).where(col("dt").equalTo(lit(asOf.toString()))).drop("dt");
            publisher.publish(asOf, published);
            supplyDemandRows = published.count();
        }
        Row nights = spark.table(STAY_NIGHTS).where(col("dt").equalTo(lit(asOf.toString()))).agg(org.apache.spark.sql.functions.count(lit(1)), sum(col("rooms_sold"))).first();
        return new Outcome(asOf, snapshot, nights.getLong(0), nights.isNullAt(1) ? 0 : nights.getLong(1), supplyDemandRows);
    }

    private void createTables()
    {
        spark.sql("""
                CREATE TABLE IF NOT EXISTS %s (hotel_id BIGINT, room_type_id BIGINT, stay_date DATE, currency STRING, rooms_sold BIGINT,
                    room_revenue_cents BIGINT, capacity BIGINT, occupancy DOUBLE, adr_cents DOUBLE, revpar_cents DOUBLE)
                PARTITIONED BY (dt STRING)
                STORED AS PARQUET""".formatted(STAY_NIGHTS));
        spark.sql("""
                CREATE TABLE IF NOT EXISTS %s (%s)
                PARTITIONED BY (dt STRING)
                STORED AS PARQUET""".formatted(SUPPLY_DEMAND, String.join(", ", SupplyDemand.COLUMNS)));
    }

    /** Each hotel's views over the 7 days up to {@code asOf} from {@code daily_hotel_views} (the days it computed). */
    private Dataset<Row> views(LocalDate asOf)
    {
        return spark.table(BatchTables.DAILY_HOTEL_VIEWS)
                .where(col("dt").between(asOf.minusDays(6).toString(), asOf.toString()))
                .groupBy(col("hotel_id")).agg(sum(col("views")).as("views_7d"));
    }

    /** Every archived data file of {@code topic} from {@code from} to {@code to}, both included. */
    private List<Path> files(String topic, LocalDate from, LocalDate to)
            throws IOException
    {
        List<Path> files = new ArrayList<>();
        for (LocalDate day : archive.days(topic)) {
            if (!day.isBefore(from) && !day.isAfter(to)) {
                archive.dataFiles(topic, day, archive.hours(topic, day)).values().forEach(files::addAll);
            }
        }
        return files;
    }
}
