package io.hotellambda.batch.daily;

import io.hotellambda.batch.BatchConfig;
import io.hotellambda.batch.BatchSession;
import io.hotellambda.batch.DayArguments;
import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.config.Settings;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bin/batch daily --date YYYY-MM-DD [--force]}: computes one day of exact view counts.
 * Exits 2 when the archive has not completed the day (and {@code --force} is not given), 64 on bad arguments.
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
        int exit = 0;
        try (BatchSession session = BatchSession.open(config, "daily-views " + day, Map.of("spark.sql.shuffle.partitions", Integer.toString(config.partitions())))) {
            SparkSession spark = session.spark();
            ServingPublisher publisher = new ServingPublisher(config.servingJdbcUrl(), config.servingUser(), config.servingPassword());
            publisher.migrate();
            DailyViewsJob job = new DailyViewsJob(spark, ArchiveLayout.open(config.archiveRoot(), spark.sparkContext().hadoopConfiguration()), publisher);
            DailyViewsJob.Outcome outcome = job.run(day, force);
            System.out.printf("%s: %,d views over %,d hotels%s; batch watermark %s%n", outcome.day(), outcome.views(), outcome.hotels(),
                    (outcome.forced() ? " (FORCED over an incomplete archive)" : "") + (outcome.shuffled() ? " (hotels spanned Kafka partitions: counted with a shuffle)" : ""),
                    outcome.batchWatermark().map(Object::toString).orElse("not set"));
        }
        catch (DailyViewsJob.IncompleteDayException e) {
            System.err.println(e.getMessage());
            exit = 2;
        }
        System.exit(exit);
    }
}
