package io.hotellambda.batch.hive;

import io.hotellambda.batch.TestingBatchSpark;
import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.archive.ArchiveStore;
import io.hotellambda.batch.archive.RangeManifest;
import io.hotellambda.batch.archive.TestingArchive;
import io.hotellambda.batch.daily.BatchTables;
import io.hotellambda.schemas.Topics;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class TestHivePartitionRegistrar
{
    private static final String TOPIC = Topics.HOTEL_VIEW_EVENTS;
    private static final String TABLE = BatchTables.rawTable(TOPIC);
    // a day no other test archives: the raw table is shared by every test in this JVM
    private static final Instant DAY = Instant.parse("2031-03-04T00:00:00Z");

    private final Configuration hadoop = new Configuration();

    @Test
    void registersTheHoursOfPublishedRangesOnceTheTableExists(@TempDir Path directory)
            throws Exception
    {
        SparkSession spark = TestingBatchSpark.session();
        ArchiveLayout layout = ArchiveLayout.open(directory.resolve("raw").toUri().toString(), hadoop);
        ArchiveStore store = new ArchiveStore(layout);
        spark.sql("DROP TABLE IF EXISTS " + TABLE);
        try (HivePartitionRegistrar registrar = new HivePartitionRegistrar(TestingBatchSpark.metastore(), layout, Duration.ofMillis(200))) {
            // published before the table exists: they wait, and archiving is not held up
            registrar.published(publish(store, 0, DAY.plusSeconds(3_600 + 5), 3));
            registrar.published(publish(store, 3, DAY.plusSeconds(2 * 3_600 + 5), 2));
            long tried = registrar.attempts();
            await(() -> registrar.attempts() >= tried + 2);
            assertThat(registrar.pending()).extracting(HivePartitionRegistrar.HourPartition::hour).containsExactlyInAnyOrder("01", "02");

            // the table's creator registers what was archived before it; the registrar's retry then finds nothing left to do
            new BatchTables(spark, layout).create(List.of(TOPIC));
            await(() -> registrar.pending().isEmpty());
            assertThat(hourCounts(spark)).containsExactly("01=3", "02=2");

            // published after: the registrar adds the new hour without anyone else
            registrar.published(publish(store, 5, DAY.plusSeconds(5 * 3_600 + 5), 4));
            await(() -> hourCounts(spark).contains("05=4"));
            assertThat(hourCounts(spark)).containsExactly("01=3", "02=2", "05=4");
            assertThat(spark.sql("SHOW PARTITIONS " + TABLE).collectAsList()).extracting(row -> row.getString(0))
                    .contains("dt=2031-03-04/hour=05");

            // a later range into an hour already registered (and queried) is seen by the next query
            registrar.published(publish(store, 9, DAY.plusSeconds(5 * 3_600 + 600), 2));
            assertThat(hourCounts(spark)).containsExactly("01=3", "02=2", "05=6");

            // published, then a crash before the registrar heard of it: the next start queues the day's hours again
            publish(store, 11, DAY.plusSeconds(6 * 3_600), 1);
            registrar.requeue(TOPIC, List.of(LocalDate.of(2031, 3, 4)));
            await(() -> registrar.pending().isEmpty());
            assertThat(hourCounts(spark)).containsExactly("01=3", "02=2", "05=6", "06=1");
        }
        finally {
            // the next test to create the table gets it at its own archive
            spark.sql("DROP TABLE IF EXISTS " + TABLE);
        }
    }

    @Test
    void keepsHoursPendingWhileTheMetastoreDoesNotAnswer(@TempDir Path directory)
            throws Exception
    {
        ArchiveLayout layout = ArchiveLayout.open(directory.resolve("raw").toUri().toString(), hadoop);
        HiveMetastore unreachable = new HiveMetastore("jdbc:derby://127.0.0.1:1/nothing-here", "APP", "app", directory.resolve("warehouse").toUri().toString());
        try (HivePartitionRegistrar registrar = new HivePartitionRegistrar(unreachable, layout, Duration.ofMillis(200))) {
            // the archiver's thread only queues the hour; the registrar's thread fails and retries
            registrar.published(publish(new ArchiveStore(layout), 0, DAY.plusSeconds(7 * 3_600), 1));
            await(() -> registrar.attempts() >= 3);
            assertThat(registrar.unexpectedErrors()).as("an unreachable metastore is an outage, not a bug").isZero();
            assertThat(registrar.pending()).extracting(HivePartitionRegistrar.HourPartition::hour).containsExactly("07");
        }
    }

    private RangeManifest publish(ArchiveStore store, long firstOffset, Instant receivedAt, int records)
            throws IOException
    {
        return TestingArchive.publishViews(store, TOPIC, 0, firstOffset, receivedAt, records);
    }

    private static List<String> hourCounts(SparkSession spark)
    {
        return spark.sql("SELECT hour, count(*) FROM %s WHERE dt = '2031-03-04' GROUP BY hour ORDER BY hour".formatted(TABLE)).collectAsList().stream()
                .map((Row row) -> row.getString(0) + "=" + row.getLong(1))
                .toList();
    }

    private static void await(Supplier<Boolean> condition)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
