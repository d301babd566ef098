package io.hotellambda.batch.daily;

import io.hotellambda.batch.BatchConfig;
import io.hotellambda.batch.DayArguments;
import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.archive.ArchiveStore;
import io.hotellambda.config.Settings;
import io.hotellambda.schemas.Topics;
import org.apache.hadoop.conf.Configuration;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * {@code bin/batch complete --date YYYY-MM-DD}: whether the archive holds all of a day, for the
 * topics the nightly job reads (views and bookings), without starting Spark: what a scheduler's
 * sensor asks before it runs {@code bin/batch daily}. Exits 0 when complete, 2 when not (saying
 * what is missing), 64 on bad arguments.
 */
public final class CompleteMain
{
    static final List<String> TOPICS = List.of(Topics.HOTEL_VIEW_EVENTS, Topics.BOOKING_EVENTS);

    private CompleteMain() {}

    public static void main(String[] args)
            throws Exception
    {
        LocalDate day = DayArguments.parse(args, "bin/batch complete --date YYYY-MM-DD").day();
        BatchConfig config = BatchConfig.load(Settings.load(BatchConfig.ENV_PREFIX, Optional.empty(), System.getenv()));
        ArchiveStore store = new ArchiveStore(ArchiveLayout.open(config.archiveRoot(), new Configuration()));
        boolean complete = true;
        for (String topic : TOPICS) {
            DayCompleteness completeness = DayCompleteness.check(store, topic, day);
            System.out.printf("%s %s: %s%n", day, topic, completeness.complete() ? "complete (archived up to %s)".formatted(completeness.archiveWatermark().orElseThrow())
                    : "not complete:\n  " + String.join("\n  ", completeness.problems()));
            complete &= completeness.complete();
        }
        System.exit(complete ? 0 : 2);
    }
}
