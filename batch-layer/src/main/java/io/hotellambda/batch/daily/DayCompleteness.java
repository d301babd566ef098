package io.hotellambda.batch.daily;

import io.hotellambda.batch.archive.ArchiveStore;
import io.hotellambda.batch.archive.ArchiveWatermark;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether the archive holds all of a day for one topic: every partition's archive watermark has
 * passed the day's end. {@code problems} says what is missing when it has not.
 */
public record DayCompleteness(String topic, LocalDate day, Optional<Instant> archiveWatermark, List<String> problems)
{
    public DayCompleteness
    {
        problems = List.copyOf(problems);
    }

    public boolean complete()
    {
        return problems.isEmpty();
    }

    public static DayCompleteness check(ArchiveStore store, String topic, LocalDate day)
            throws IOException
    {
        Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<ArchiveWatermark> watermarks = store.watermarks(topic);
        List<String> problems = new ArrayList<>();
        if (watermarks.isEmpty()) {
            problems.add("%s has no archive watermark: is the archiver running?".formatted(topic));
        }
        else {
            int partitions = watermarks.get(0).partitions();
            Set<Integer> present = watermarks.stream().map(ArchiveWatermark::partition).collect(Collectors.toSet());
            for (int partition = 0; partition < partitions; partition++) {
                if (!present.contains(partition)) {
                    problems.add("%s/%s has no archive watermark".formatted(topic, partition));
                }
            }
            for (ArchiveWatermark watermark : watermarks) {
                if (watermark.watermark().isBefore(end)) {
                    problems.add("%s/%s is archived up to %s, before the end of %s".formatted(topic, watermark.partition(), watermark.watermark(), day));
                }
            }
        }
        Optional<Instant> lowest = watermarks.stream().map(ArchiveWatermark::watermark).min(Instant::compareTo);
        return new DayCompleteness(topic, day, lowest, problems);
    }
}
