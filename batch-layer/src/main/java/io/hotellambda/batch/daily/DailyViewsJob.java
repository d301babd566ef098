package io.hotellambda.batch.daily;

import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.archive.ArchiveStore;
import io.hotellambda.schemas.Topics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * One day of exact view counts: checks the archive is complete for the day, computes
 * {@link DailyViews}, overwrites the day's partitions of the Hive tables, registers the day's raw
 * partitions, and publishes the per-hotel totals and the watermark to PostgreSQL. Every step
 * replaces the day, so a rerun gives the same result.
 */
public final class DailyViewsJob
{
    private final SparkSession spark;
    private final ArchiveStore archive;
    private final BatchTables tables;
    private final ServingPublisher publisher;

    public DailyViewsJob(SparkSession spark, ArchiveLayout archive, ServingPublisher publisher)
    {
        this.spark = spark;
        this.archive = new ArchiveStore(archive);
        this.tables = new BatchTables(spark, archive);
        this.publisher = publisher;
    }

    public record Outcome(LocalDate day, boolean forced, DayCompleteness completeness, int hotels, long views, Optional<Instant> batchWatermark) {}

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

        Dataset<Row> views = DailyViews.views(
                tables.rawDay(Topics.HOTEL_VIEW_EVENTS, day),
                tables.rawHour(Topics.HOTEL_VIEW_EVENTS, day.minusDays(1), 23));
        tables.overwriteDay(BatchTables.DAILY_HOTEL_VIEW_BREAKDOWN, day, DailyViews.breakdown(views)
                .select(col("hotel_id"), col("hour"), col("country"), col("device"), col("views")));
        // totals read the written breakdown back rather than deduplicating the day a second time
        Dataset<Row> breakdown = spark.table(BatchTables.DAILY_HOTEL_VIEW_BREAKDOWN).where(col("dt").equalTo(lit(day.toString())));
        tables.overwriteDay(BatchTables.DAILY_HOTEL_VIEWS, day, DailyViews.hotelTotals(breakdown, views));

        List<ServingPublisher.HotelDay> hotels = spark.table(BatchTables.DAILY_HOTEL_VIEWS)
                .where(col("dt").equalTo(lit(day.toString())))
                .collectAsList().stream()
                .map(row -> new ServingPublisher.HotelDay(row.getLong(0), row.getLong(1), row.getLong(2)))
                .toList();
        Optional<Instant> watermark = publisher.publish(new ServingPublisher.DayResult(day, completeness.complete(), forced,
                completeness.archiveWatermark(), hotels));
        return new Outcome(day, forced, completeness, hotels.size(),
                hotels.stream().mapToLong(ServingPublisher.HotelDay::views).sum(), watermark);
    }
}
