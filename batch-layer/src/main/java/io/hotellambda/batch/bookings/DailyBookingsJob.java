package io.hotellambda.batch.bookings;

import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.archive.ArchiveStore;
import io.hotellambda.batch.daily.BatchTables;
import io.hotellambda.batch.daily.DailyViewsJob;
import io.hotellambda.batch.daily.DayCompleteness;
import io.hotellambda.schemas.BookingMetric;
import io.hotellambda.schemas.BookingTables;
import io.hotellambda.schemas.Topics;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

/**
 * One day of exact booking numbers ({@link BookingEvents}) on the booking-time axis: checks the
 * archive holds the whole day of {@code booking_events}, reads it and the ids of the
 * {@link BookingEvents#LOOK_BACK_DAYS} days before (copies sent earlier), overwrites the day's partition of the Hive
 * table {@code daily_hotel_bookings}, and publishes the rows and the bookings' watermark to
 * PostgreSQL ({@link BookingTables}). Every step replaces the day, so a rerun gives the same result.
 */
public final class DailyBookingsJob
{
    private final SparkSession spark;
    private final ArchiveStore archive;
    private final BatchTables tables;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    public DailyBookingsJob(SparkSession spark, ArchiveLayout archive, String jdbcUrl, String user, String password)
    {
        this.spark = spark;
        this.archive = new ArchiveStore(archive);
        this.tables = new BatchTables(spark, archive);
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** The day's archived data files of {@code booking_events}, every partition's. */
    private List<Path> files(LocalDate day)
            throws IOException
    {
        return archive.dataFiles(Topics.BOOKING_EVENTS, day, archive.hours(Topics.BOOKING_EVENTS, day)).values().stream().flatMap(List::stream).toList();
    }

    /** {@code unreadable}: archived events whose payload the contract no longer decodes (counted, not summed). */
    public record Outcome(LocalDate day, boolean forced, DayCompleteness completeness, int hotels, long events, long unreadable,
            Map<String, Long> netRevenueCents, Optional<Instant> watermark) {}

    public Outcome run(LocalDate day, boolean force)
            throws IOException, SQLException
    {
        DayCompleteness completeness = DayCompleteness.check(archive, Topics.BOOKING_EVENTS, day);
        if (!completeness.complete() && !force) {
            throw new DailyViewsJob.IncompleteDayException(completeness);
        }
        tables.create(Topics.ALL);
        tables.registerRawDay(Topics.BOOKING_EVENTS, day);
        Dataset<Row> raw = tables.rawFiles(files(day));
        List<Path> before = new ArrayList<>();
        for (int back = BookingEvents.LOOK_BACK_DAYS; back >= 1; back--) {
            before.addAll(files(day.minusDays(back)));
        }
        // one pass over the day, kept in memory: the groups are a row per hotel, hour and currency, which the
        // publish collects anyway, and the Hive partition is written from the same rows on the executors
        Dataset<Row> grouped = BookingEvents.hourGroups(BookingEvents.firstCopies(BookingEvents.contributions(raw), BookingEvents.eventIds(tables.rawFiles(before))))
                .persist(StorageLevel.MEMORY_AND_DISK());
        ExecutorService publisher = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "booking-publish"));
        try {
            long eventCount = 0;
            long unreadable = 0;
            List<BookingTables.HourRow> rows = new ArrayList<>();
            int metrics = BookingMetric.values().length;
            for (Row group : grouped.collectAsList()) {
                if (group.getBoolean(0)) {
                    unreadable += group.getLong(1);
                    continue;
                }
                eventCount += group.getLong(1);
                if (!group.isNullAt(2)) {
                    long[] values = new long[metrics];
                    for (int i = 0; i < metrics; i++) {
                        values[i] = group.getLong(5 + i);
                    }
                    rows.add(new BookingTables.HourRow(group.getLong(2), day, group.getInt(3), group.getString(4), values));
                }
            }
            BookingTables.DayResult result = new BookingTables.DayResult(day, completeness.complete(), !completeness.complete(), completeness.archiveWatermark(),
                    eventCount, rows);
            // the two sinks each replace the day on their own: PostgreSQL copies on this driver while Spark writes the
            // Hive partition; either failing fails the run, and a rerun replaces both
            Future<Optional<Instant>> published = publisher.submit(() -> {
                try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
                    return BookingTables.publish(connection, result);
                }
            });
            tables.overwriteDay(BatchTables.DAILY_HOTEL_BOOKINGS, day, grouped.where(not(col("unreadable")).and(col("hotel_id").isNotNull()))
                    .drop("unreadable", "events"));
            Optional<Instant> watermark = await(published);
            Map<String, Long> net = new TreeMap<>();
            rows.forEach(row -> net.merge(row.currency(), row.get(BookingMetric.REVENUE_CENTS) - row.get(BookingMetric.REFUND_CENTS), Long::sum));
            return new Outcome(day, !completeness.complete(), completeness, (int) rows.stream().mapToLong(BookingTables.HourRow::hotelId).distinct().count(),
                    eventCount, unreadable, net, watermark);
        }
        finally {
            // a publish under way when the Hive write failed still ends (commits or rolls back) before the run does
            publisher.shutdown();
            awaitQuietly(publisher);
            grouped.unpersist();
        }
    }

    private static Optional<Instant> await(Future<Optional<Instant>> published)
            throws SQLException
    {
        try {
            return published.get();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("the publish failed", e.getCause());
        }
    }

    private static void awaitQuietly(ExecutorService publisher)
    {
        try {
            publisher.awaitTermination(10, TimeUnit.MINUTES);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
