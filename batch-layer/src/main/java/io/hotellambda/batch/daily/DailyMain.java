package io.hotellambda.batch.daily;

import io.hotellambda.batch.BatchConfig;
import io.hotellambda.batch.BatchSession;
import io.hotellambda.batch.DayArguments;
import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.bookings.DailyBookingsJob;
import io.hotellambda.batch.bookings.InventorySnapshot;
import io.hotellambda.batch.bookings.StayDateJob;
import io.hotellambda.batch.bookings.SupplyDemandPublisher;
import io.hotellambda.config.Settings;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bin/batch daily --date YYYY-MM-DD [--force]}: computes one day of exact view counts, then
 * of booking numbers. Exits 2 when the archive has not completed the day for either (and
 * {@code --force} is not given; the other is still computed), 64 on bad arguments.
 */
public final class DailyMain
{
    private DailyMain() {}

    public static void main(String[] args)
            throws Exception
    {
        DayArguments arguments = DayArguments.parse(args, "--force", "bin/batch daily --date YYYY-MM-DD [--force]");
        LocalDate day = arguments.day();
        boolean force = arguments.flag();
        BatchConfig config = BatchConfig.load(Settings.load(BatchConfig.ENV_PREFIX, Optional.empty(), System.getenv()));
        int exit;
        try (BatchSession session = BatchSession.open(config, "daily " + day, Map.of("spark.sql.shuffle.partitions", Integer.toString(config.partitions())))) {
            exit = run(session.spark(), config, day, force);
        }
        System.exit(exit);
    }

    /**
     * The nightly job for {@code day} on {@code spark}: views, then bookings, then (when both were
     * complete, or forced) the stay-date axis; returns the exit code, 2 when a day was incomplete.
     */
    public static int run(SparkSession spark, BatchConfig config, LocalDate day, boolean force)
            throws Exception
    {
        int exit = 0;
        ServingPublisher publisher = new ServingPublisher(config.servingJdbcUrl(), config.servingUser(), config.servingPassword());
        publisher.migrate();
        ArchiveLayout archive = ArchiveLayout.open(config.archiveRoot(), spark.sparkContext().hadoopConfiguration());
        try {
            DailyViewsJob.Outcome outcome = new DailyViewsJob(spark, archive, publisher).run(day, force);
            System.out.printf("%s: %,d views over %,d hotels%s; batch watermark %s%n", outcome.day(), outcome.views(), outcome.hotels(),
                    (outcome.forced() ? " (FORCED over an incomplete archive)" : "") + (outcome.shuffled() ? " (hotels spanned Kafka partitions: counted with a shuffle)" : ""),
                    outcome.batchWatermark().map(Object::toString).orElse("not set"));
        }
        catch (DailyViewsJob.IncompleteDayException e) {
            System.err.println(e.getMessage());
            exit = 2;
        }
        // the bookings' day is computed whatever became of the views': each has its own archive completeness and watermark
        try {
            DailyBookingsJob.Outcome outcome = new DailyBookingsJob(spark, archive, config.servingJdbcUrl(), config.servingUser(), config.servingPassword())
                    .run(day, force);
            System.out.printf("%s: %,d booking events over %,d hotels, net revenue %s%s%s; bookings watermark %s%n", outcome.day(), outcome.events(),
                    outcome.hotels(), outcome.netRevenueCents(), outcome.forced() ? " (FORCED over an incomplete archive)" : "",
                    outcome.unreadable() > 0 ? " (%,d archived events no longer decode: not counted)".formatted(outcome.unreadable()) : "",
                    outcome.watermark().map(Object::toString).orElse("not set"));
        }
        catch (DailyViewsJob.IncompleteDayException e) {
            System.err.println(e.getMessage());
            exit = 2;
        }
        if (exit == 0 || force) {
            // the stay-date axis as of the day: every booking event up to its end, against the supply the day saw
            InventorySnapshot snapshot = new InventorySnapshot(spark, archive, java.time.Clock.systemUTC(), config.bookingJdbcUrl(), config.bookingUser(), config.bookingPassword());
            StayDateJob.Outcome stays = new StayDateJob(spark, archive, snapshot,
                    new SupplyDemandPublisher(config.servingJdbcUrl(), config.servingUser(), config.servingPassword())).run(day);
            System.out.printf("%s: %,d stay nights, %,d rooms sold as of the day's end; %,d supply and demand rows with price suggestions (inventory snapshot %s)%n",
                    day, stays.nights(), stays.roomsSold(), stays.supplyDemandRows(), switch (stays.snapshot()) {
                        case TAKEN -> "taken now";
                        case STORED -> "as stored";
                        case MISSING -> "none: the day ended more than %s days ago and never got one, so no supply and demand".formatted(InventorySnapshot.MAX_AGE_DAYS);
                    });
        }
        return exit;
    }
}
