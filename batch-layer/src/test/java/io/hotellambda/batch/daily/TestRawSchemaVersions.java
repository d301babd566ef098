package io.hotellambda.batch.daily;

import io.hotellambda.batch.TestingBatchSpark;
import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.archive.ArchiveStore;
import io.hotellambda.batch.archive.RawSchema;
import io.hotellambda.batch.archive.TestingArchive;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An archive upgraded from schema version 1 (the event id as text) to version 2 (its two halves):
 * the raw table made for version 1 gains the new columns, the events view shows every id as text,
 * and an event with a copy in each version counts once.
 */
class TestRawSchemaVersions
{
    private static final String TOPIC = "versioned_views";
    private static final LocalDate DAY = LocalDate.parse("2026-11-20");
    private static final Instant TEN = Instant.parse("2026-11-20T10:00:00Z");
    /** Version 1's file schema, as the archiver wrote it before version 2. */
    private static final MessageType VERSION_1 = MessageTypeParser.parseMessageType("""
            message raw_event {
              required int32 kafka_partition;
              required int64 kafka_offset;
              required int64 kafka_timestamp (TIMESTAMP(MILLIS,true));
              optional binary record_key (STRING);
              optional binary event_id (STRING);
              optional binary event_type (STRING);
              optional int64 hotel_id;
              required int64 received_at (TIMESTAMP(MILLIS,true));
              optional binary viewer_id (STRING);
              optional binary country (STRING);
              optional binary device (STRING);
              optional binary payload (STRING);
              optional binary error (STRING);
            }
            """);
    private static final String VERSION_1_HIVE_COLUMNS = RawSchema.HIVE_COLUMNS.substring(0, RawSchema.HIVE_COLUMNS.indexOf(",\nevent_id_hi"));

    @TempDir
    java.nio.file.Path directory;

    @Test
    void aVersionOneTableAndFilesReadBesideVersionTwo()
            throws Exception
    {
        SparkSession spark = TestingBatchSpark.session();
        ArchiveLayout layout = ArchiveLayout.open(directory.resolve("raw").toUri().toString(), new Configuration());
        ArchiveStore store = new ArchiveStore(layout);
        // the table as version 1 made it, and a file an old archiver wrote: one view of hotel 7 at 09:30
        spark.sql("DROP VIEW IF EXISTS " + BatchTables.eventsView(TOPIC));
        spark.sql("DROP TABLE IF EXISTS " + BatchTables.rawTable(TOPIC));
        spark.sql("""
                CREATE EXTERNAL TABLE %s (%s) PARTITIONED BY (dt STRING, hour STRING) STORED AS PARQUET LOCATION '%s'"""
                .formatted(BatchTables.rawTable(TOPIC), VERSION_1_HIVE_COLUMNS, layout.topic(TOPIC)));
        // then the upgraded archiver: three views of hotel 7 from 10:00 (version 2 files)
        TestingArchive.publishViews(store, TOPIC, 0, 0, TEN, 3);
        List<String> newIds = TestingArchive.read(layout, TOPIC).stream().map(TestingArchive.Row::eventId).toList();
        // the old file holds an earlier copy of the first new event (a client retry across the upgrade) and one event of its own
        String ownId = "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b";
        Path oldFile = new Path(layout.hour(TOPIC, DAY, "09"), ArchiveLayout.dataFileName(1, 0, 1));
        writeVersionOne(layout, oldFile, List.of(newIds.get(0), ownId), List.of("v0", "old"));

        BatchTables tables = new BatchTables(spark, layout);
        tables.create(List.of(TOPIC));
        tables.registerRawDay(TOPIC, DAY);

        assertThat(Arrays.asList(spark.table(BatchTables.rawTable(TOPIC)).columns())).contains("event_id", "event_id_hi", "event_id_lo");
        // the next start finds the view as it would make it, and leaves it
        long viewMade = spark.sessionState().catalog().getTableMetadata(new TableIdentifier(BatchTables.eventsView(TOPIC))).createTime();
        assertThat(tables.viewText(BatchTables.eventsView(TOPIC))).isPresent();
        Thread.sleep(1_000);
        tables.create(List.of(TOPIC));
        assertThat(spark.sessionState().catalog().getTableMetadata(new TableIdentifier(BatchTables.eventsView(TOPIC))).createTime()).isEqualTo(viewMade);
        List<String> shown = spark.sql("SELECT event_id FROM %s WHERE dt = '%s'".formatted(BatchTables.eventsView(TOPIC), DAY)).as(Encoders.STRING()).collectAsList();
        List<String> expected = new ArrayList<>(newIds);
        expected.add(newIds.get(0));
        expected.add(ownId);
        assertThat(shown).containsExactlyInAnyOrderElementsOf(expected);

        List<Path> files = store.dataFiles(TOPIC, DAY, store.hours(TOPIC, DAY)).values().stream().flatMap(List::stream).toList();
        assertThat(files).hasSize(2).contains(oldFile);
        Dataset<Row> hotelDays = DailyViews.hotelDays(DailyViews.byHotel(DailyViews.countable(tables.rawFiles(files), false)));
        // four events: the retried one at 09 (its first acceptance, in the old file), the old file's own at 09, two at 10
        assertThat(DailyViews.breakdown(hotelDays).collectAsList().stream().map(Row::toString).toList())
                .containsExactlyInAnyOrder("[7,9,NL,mobile,2]", "[7,10,NL,mobile,2]");
        assertThat(DailyViews.hotelTotals(hotelDays).collectAsList().stream().map(Row::toString).toList()).containsExactly("[7,4,4]");
    }

    private static void writeVersionOne(ArchiveLayout layout, Path file, List<String> eventIds, List<String> viewers)
            throws Exception
    {
        SimpleGroupFactory groups = new SimpleGroupFactory(VERSION_1);
        Configuration conf = layout.fileSystem().getConf();
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(file).withConf(conf).withType(VERSION_1).build()) {
            long at = Instant.parse("2026-11-20T09:30:00Z").toEpochMilli();
            for (int i = 0; i < eventIds.size(); i++) {
                writer.write(groups.newGroup()
                        .append("kafka_partition", 1)
                        .append("kafka_offset", (long) i)
                        .append("kafka_timestamp", at)
                        .append("record_key", "7")
                        .append("event_id", eventIds.get(i))
                        .append("event_type", DailyViews.VIEWED)
                        .append("hotel_id", 7L)
                        .append("received_at", at + i)
                        .append("viewer_id", viewers.get(i))
                        .append("country", "NL")
                        .append("device", "mobile")
                        .append("payload", "{}"));
            }
        }
    }
}
