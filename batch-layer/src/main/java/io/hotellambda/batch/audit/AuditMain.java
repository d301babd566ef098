package io.hotellambda.batch.audit;

import io.hotellambda.batch.BatchConfig;
import io.hotellambda.batch.BatchSession;
import io.hotellambda.batch.DayArguments;
import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.daily.BatchTables;
import io.hotellambda.batch.daily.ServingPublisher;
import io.hotellambda.config.Settings;
import org.apache.spark.sql.SparkSession;
import redis.clients.jedis.UnifiedJedis;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bin/batch audit --date YYYY-MM-DD [--drop-speed-keys]}: the speed layer's counts of a closed
 * day against the batch's, views then bookings. Exits 0 when both passed, 3 when either failed (views:
 * drift past a threshold; bookings: any difference), 2 when either day cannot be audited (no batch
 * numbers yet), 64 on bad arguments. {@code --drop-speed-keys} drops view keys only.
 */
public final class AuditMain
{
    private AuditMain() {}

    public static void main(String[] args)
            throws Exception
    {
        DayArguments arguments = DayArguments.parse(args, "--drop-speed-keys", "bin/batch audit --date YYYY-MM-DD [--drop-speed-keys]");
        LocalDate day = arguments.day();
        boolean drop = arguments.flag();
        Settings settings = Settings.load(BatchConfig.ENV_PREFIX, Optional.empty(), System.getenv());
        BatchConfig config = BatchConfig.load(settings);
        AuditConfig audit = AuditConfig.load(settings);
        int views;
        int bookings;
        try (BatchSession session = BatchSession.open(config, "audit " + day, Map.of("spark.sql.shuffle.partitions", "1"));
                UnifiedJedis redis = audit.redis().connect()) {
            SparkSession spark = session.spark();
            new ServingPublisher(config.servingJdbcUrl(), config.servingUser(), config.servingPassword()).migrate();
            BatchTables tables = new BatchTables(spark, ArchiveLayout.open(config.archiveRoot(), spark.sparkContext().hadoopConfiguration()));
            views = auditViews(new AuditJob(spark, tables, redis, new AuditRepository(config.servingJdbcUrl(), config.servingUser(), config.servingPassword()),
                    audit.thresholds()), day, drop);
            bookings = auditBookings(new BookingAuditJob(spark, tables, redis, new BookingAuditRepository(config.servingJdbcUrl(), config.servingUser(),
                    config.servingPassword())), day);
        }
        // a failed audit outranks a day that could not be audited
        int exit = views == 3 || bookings == 3 ? 3 : Math.max(views, bookings);
        System.exit(exit);
    }

    private static int auditViews(AuditJob job, LocalDate day, boolean drop)
            throws SQLException
    {
        try {
            AuditJob.Outcome outcome = job.run(day, drop);
            DayAudit.Result result = outcome.result();
            System.out.printf("%s: %s. %,d hotels; views: batch %,d, speed %,d, total absolute difference %,d (drift %.4f%%); largest relative difference %.2f%%%s; unique viewers outside the HyperLogLog bound: %,d hotels%s%n",
                    day, result.passed() ? "PASSED" : "FAILED", result.hotels().size(), result.batchViews(), result.speedViews(), result.totalAbsoluteDifference(),
                    100 * result.drift(), 100 * result.largestRelativeDifference(), result.largestRelativeDifferenceHotel().map(hotel -> " (hotel " + hotel + ")").orElse(""),
                    result.uniquesOutsideBound(), outcome.batchDay().forced() ? " (the batch day was FORCED)" : "");
            result.failures().forEach(failure -> System.out.println("  " + failure));
            if (drop) {
                System.out.println(outcome.keptBecause().isEmpty() ? "  dropped %,d speed keys of the day".formatted(outcome.droppedKeys()) : "  speed keys kept: " + outcome.keptBecause());
            }
            return result.passed() ? 0 : 3;
        }
        catch (AuditJob.NotAuditableException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }

    private static int auditBookings(BookingAuditJob job, LocalDate day)
            throws SQLException
    {
        try {
            BookingAuditJob.Outcome outcome = job.run(day);
            BookingAudit.Result result = outcome.result();
            System.out.printf("%s: bookings %s. %,d hotels, %,d numbers compared, %,d differ (threshold: none may)%s%n", day, result.passed() ? "PASSED" : "FAILED",
                    result.hotelsCompared(), result.comparisons().size(), result.differences().size(),
                    outcome.batchDay().forced() ? " (the batch day was FORCED)" : "");
            result.failures().forEach(failure -> System.out.println("  " + failure));
            return result.passed() ? 0 : 3;
        }
        catch (AuditJob.NotAuditableException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
