package io.hotellambda.batch.archive;

import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.HotelViewed;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads back what the archive published, straight from the Parquet files readers would see. */
public final class TestingArchive
{
    private TestingArchive() {}

    /** One archived row: where it came from and what it says. */
    public record Row(String hourPartition, int partition, long offset, String eventId, Long hotelId, long receivedAt, String error) {}

    public static List<Row> read(ArchiveLayout layout, String topic)
            throws IOException
    {
        List<Row> rows = new ArrayList<>();
        Path root = layout.topic(topic);
        RemoteIterator<LocatedFileStatus> files = layout.fileSystem().listFiles(root, true);
        while (files.hasNext()) {
            Path path = files.next().getPath();
            String relative = root.toUri().relativize(path.toUri()).getPath();
            if (!relative.startsWith("dt=") || !path.getName().endsWith(".parquet")) {
                continue;
            }
            String hour = relative.substring(0, relative.lastIndexOf('/'));
            try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(path, layout.fileSystem().getConf()))) {
                assertThat(footer.getFooter().getFileMetaData().getKeyValueMetaData()).as("schema version of " + path)
                        .containsEntry(RawSchema.VERSION_KEY, Integer.toString(RawSchema.VERSION));
            }
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), path).withConf(layout.fileSystem().getConf()).build()) {
                for (Group group = reader.read(); group != null; group = reader.read()) {
                    rows.add(new Row(hour,
                            group.getInteger("kafka_partition", 0),
                            group.getLong("kafka_offset", 0),
                            eventId(group),
                            group.getFieldRepetitionCount("hotel_id") == 0 ? null : group.getLong("hotel_id", 0),
                            group.getLong("received_at", 0),
                            optionalString(group, "error")));
                }
            }
        }
        return rows;
    }

    /** Publishes {@code records} views of one hotel received from {@code receivedAt} on, as offsets from {@code firstOffset}, as the archiver does. */
    public static RangeManifest publishViews(ArchiveStore store, String topic, int partition, long firstOffset, Instant receivedAt, int records)
            throws IOException
    {
        EventCodec codec = new EventCodec();
        OpenRange range = new OpenRange(store.layout(), new Configuration(), topic, partition, firstOffset, System.nanoTime());
        for (int i = 0; i < records; i++) {
            HotelViewed view = new HotelViewed(UUID.randomUUID(), receivedAt.plusMillis(i), null, 7, "v" + i, "NL", "mobile");
            range.append(RawRecord.of(new ConsumerRecord<>(topic, partition, firstOffset + i, receivedAt.toEpochMilli(), TimestampType.CREATE_TIME, 0, 0,
                    view.partitionKey().getBytes(StandardCharsets.UTF_8), codec.encode(view), new RecordHeaders(), Optional.empty()), codec));
        }
        RangeManifest manifest = range.close();
        store.publish(manifest, PublishHook.NONE);
        return manifest;
    }

    public static Archiver archiver(ArchiverConfig config, ArchiveStore store, PublishHook hook)
    {
        return archiver(config, store, hook, Clock.systemUTC());
    }

    /** {@code clock}: what the archiver takes for now, from which its watermark trails by the lateness once it has read everything. */
    public static Archiver archiver(ArchiverConfig config, ArchiveStore store, PublishHook hook, Clock clock)
    {
        // the store's own Hadoop configuration: an s3a:// archive's settings reach the Parquet writers too
        return new Archiver(config, ArchiverMain.consumer(config), store, store.layout().fileSystem().getConf(), PublishListener.NONE, hook, clock);
    }

    /** Runs an archiver on its own thread and returns what it failed with (it must, within a minute). */
    public static Throwable runUntilFailure(Archiver archiver)
            throws InterruptedException
    {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                archiver.run();
            }
            catch (Throwable e) {
                failure.set(e);
            }
        }, "archiver-to-crash");
        thread.start();
        thread.join(60_000);
        if (thread.isAlive()) {
            archiver.stop();
            thread.join(30_000);
            throw new AssertionError("the archiver did not reach its injected crash within a minute");
        }
        return failure.get();
    }

    /** Runs an archiver until the archive holds {@code expected} records, then stops it cleanly. */
    public static void archiveUntil(ArchiverConfig config, ArchiveStore store, String topic, long expected)
            throws Exception
    {
        archiveUntil(config, store, topic, expected, Clock.systemUTC());
    }

    public static void archiveUntil(ArchiverConfig config, ArchiveStore store, String topic, long expected, Clock clock)
            throws Exception
    {
        try (Archiver archiver = archiver(config, store, PublishHook.NONE, clock)) {
            Thread thread = new Thread(archiver::run, "archiver-under-test");
            thread.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (store.archivedRecords(topic) < expected && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            // a watermark written after catching up
            Thread.sleep(1_500);
            archiver.stop();
            thread.join(30_000);
            assertThat(thread.isAlive()).isFalse();
        }
        assertThat(store.archivedRecords(topic)).isEqualTo(expected);
    }

    public static List<RangeManifest> ranges(ArchiveStore store, String topic)
            throws IOException
    {
        List<RangeManifest> ranges = new ArrayList<>();
        for (int partition : store.partitions(topic)) {
            ranges.addAll(store.ranges(topic, partition));
        }
        return ranges;
    }

    /** The event id as text: from its halves (version 2), or as stored (version 1). */
    private static String eventId(Group group)
    {
        if (!group.getType().containsField("event_id_hi")) {
            return optionalString(group, "event_id");
        }
        return group.getFieldRepetitionCount("event_id_hi") == 0 ? null : new UUID(group.getLong("event_id_hi", 0), group.getLong("event_id_lo", 0)).toString();
    }

    private static String optionalString(Group group, String field)
    {
        return group.getFieldRepetitionCount(field) == 0 ? null : group.getString(field, 0);
    }
}
