package io.hotellambda.batch.daily;

import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.archive.ArchiveStore;
import io.hotellambda.schemas.ServingTables;
import io.hotellambda.schemas.Topics;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One day of exact view counts: checks the archive is complete for the day, computes
 * {@link DailyViews}, overwrites the day's partitions of the Hive tables, registers the day's raw
 * partitions, and publishes the per-hotel totals and the watermark to PostgreSQL. Every step
 * replaces the day, so a rerun gives the same result.
 */
public final class DailyViewsJob
{
    private static final Logger log = LoggerFactory.getLogger(DailyViewsJob.class);

    private final ArchiveStore archive;
    private final BatchTables tables;
    private final ServingPublisher publisher;

    public DailyViewsJob(SparkSession spark, ArchiveLayout archive, ServingPublisher publisher)
    {
        this.archive = new ArchiveStore(archive);
        this.tables = new BatchTables(spark, archive);
        this.publisher = publisher;
    }

    /** @param shuffled whether hotels were found on more than one Kafka partition, so the day was counted again with a shuffle */
    public record Outcome(LocalDate day, boolean forced, DayCompleteness completeness, int hotels, long views, Optional<Instant> batchWatermark,
            boolean shuffled) {}

    /** Thrown when the archive does not hold the whole day and the run is not forced. */
    public static final class IncompleteDayException
            extends RuntimeException
    {
        public IncompleteDayException(DayCompleteness completeness)
        {
            super("%s is not completely archived; rerun with --force to compute it anyway:%n  %s"
                    .formatted(completeness.day(), String.join("\n  ", completeness.problems())));
        }
    }

    public Outcome run(LocalDate day, boolean force)
            throws IOException, SQLException
    {
        DayCompleteness completeness = DayCompleteness.check(archive, Topics.HOTEL_VIEW_EVENTS, day);
        if (!completeness.complete() && !force) {
            throw new IncompleteDayException(completeness);
        }
        boolean forced = !completeness.complete();
        tables.create(Topics.ALL);
        for (String topic : Topics.ALL) {
            tables.registerRawDay(topic, day);
        }

        String topic = Topics.HOTEL_VIEW_EVENTS;
        Dataset<Row> countable = byKafkaPartition(
                archive.dataFiles(topic, day, archive.hours(topic, day)),
                archive.dataFiles(topic, day.minusDays(1), List.of("23")));
        // cached: both tables and the publish are built from one count
        Dataset<Row> hotelDays = DailyViews.hotelDays(countable).persist(StorageLevel.MEMORY_AND_DISK());
        List<Long> splitHotels;
        List<ServingTables.HotelDay> hotels;
        List<ServingTables.HotelHour> hours;
        try {
            splitHotels = DailyViews.splitHotels(hotelDays, 10);
            if (!splitHotels.isEmpty()) {
                // a producer that did not key by hotel, or partitions added during the day: count again, shuffled by hotel
                log.warn("hotels found on more than one Kafka partition of {} (for example {}); counting {} again with a shuffle by hotel",
                        topic, splitHotels, day);
                hotelDays.unpersist();
                hotelDays = DailyViews.hotelDays(DailyViews.byHotel(countable)).persist(StorageLevel.MEMORY_AND_DISK());
            }
            Dataset<Row> totals = DailyViews.hotelTotals(hotelDays);
            Dataset<Row> breakdown = DailyViews.breakdown(hotelDays);
            tables.overwriteDay(BatchTables.DAILY_HOTEL_VIEW_BREAKDOWN, day, breakdown);
            tables.overwriteDay(BatchTables.DAILY_HOTEL_VIEWS, day, totals);
            hotels = totals.collectAsList().stream()
                    .map(row -> new ServingTables.HotelDay(row.getLong(0), row.getLong(1), row.getLong(2)))
                    .toList();
            hours = DailyViews.hourlyViews(breakdown).collectAsList().stream()
                    .map(row -> new ServingTables.HotelHour(row.getLong(0), row.getInt(1), row.getLong(2)))
                    .toList();
        }
        finally {
            hotelDays.unpersist();
        }

        Optional<Instant> watermark = publisher.publish(new ServingTables.DayResult(day, completeness.complete(), forced,
                completeness.archiveWatermark(), hotels, hours));
        return new Outcome(day, forced, completeness, hotels.size(),
                hotels.stream().mapToLong(ServingTables.HotelDay::views).sum(), watermark, !splitHotels.isEmpty());
    }

    /**
     * The countable rows of the day and of the previous day's last hour, one task per Kafka
     * partition: the booking app keys view events by hotel, so a partition holds all of its hotels' rows.
     */
    private Dataset<Row> byKafkaPartition(SortedMap<Integer, List<Path>> dayFiles, SortedMap<Integer, List<Path>> beforeFiles)
    {
        SortedSet<Integer> partitions = new TreeSet<>(dayFiles.keySet());
        partitions.addAll(beforeFiles.keySet());
        List<Dataset<Row>> perPartition = new ArrayList<>();
        for (int partition : partitions) {
            perPartition.add(DailyViews.countable(tables.rawFiles(dayFiles.getOrDefault(partition, List.of())), false)
                    .union(DailyViews.countable(tables.rawFiles(beforeFiles.getOrDefault(partition, List.of())), true))
                    .coalesce(1));
        }
        return perPartition.stream().reduce(Dataset::union)
                .orElseGet(() -> DailyViews.countable(tables.rawFiles(List.of()), false));
    }
}
