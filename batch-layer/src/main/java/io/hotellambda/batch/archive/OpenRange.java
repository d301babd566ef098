package io.hotellambda.batch.archive;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of one Kafka partition read since the last publish, being written to one temporary
 * Parquet file per {@code received_at} hour. {@link #close()} finishes the files and says what
 * they hold; the publish moves them into place.
 */
final class OpenRange
{
    private final ArchiveLayout layout;
    private final Configuration configuration;
    private final String topic;
    private final int partition;
    private final long firstOffset;
    private final long openedAtNanos;
    // by UTC hour since the epoch: a record's hour is arithmetic, its directory name is built once
    private final Map<Long, Segment> segments = new LinkedHashMap<>();
    private long lastOffset;
    private long records;
    private long minReceivedAt = Long.MAX_VALUE;
    private long maxReceivedAt = Long.MIN_VALUE;

    OpenRange(ArchiveLayout layout, Configuration configuration, String topic, int partition, long firstOffset, long openedAtNanos)
    {
        this.layout = layout;
        this.configuration = configuration;
        this.topic = topic;
        this.partition = partition;
        this.firstOffset = firstOffset;
        this.lastOffset = firstOffset - 1;
        this.openedAtNanos = openedAtNanos;
    }

    void append(RawRecord record)
    {
        long hour = Math.floorDiv(record.receivedAt(), 3_600_000L);
        Segment segment = segments.get(hour);
        if (segment == null) {
            segment = openSegment(ArchiveLayout.hourPartition(record.receivedAt()));
            segments.put(hour, segment);
        }
        try {
            segment.writer.write(record);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + segment.temporary, e);
        }
        segment.records++;
        segment.minReceivedAt = Math.min(segment.minReceivedAt, record.receivedAt());
        segment.maxReceivedAt = Math.max(segment.maxReceivedAt, record.receivedAt());
        records++;
        minReceivedAt = Math.min(minReceivedAt, record.receivedAt());
        maxReceivedAt = Math.max(maxReceivedAt, record.receivedAt());
        lastOffset = record.kafkaOffset();
    }

    /** Extends the range over offsets Kafka skipped (transaction markers) up to {@code position - 1}. */
    void coverUpTo(long position)
    {
        lastOffset = Math.max(lastOffset, position - 1);
    }

    private Segment openSegment(String hour)
    {
        Path temporary = new Path(layout.temporary(topic, partition), "%020d-%s.parquet".formatted(firstOffset, hour.replace('/', '-')));
        try {
            ParquetWriter<RawRecord> writer = new Builder(new ArchiveOutputFile(layout.fileSystem(), temporary))
                    .withConf(configuration)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withRowGroupSize(32L * 1024 * 1024)
                    // columns of (nearly) unique values: a dictionary only costs hashing, then falls back
                    .withDictionaryEncoding("kafka_offset", false)
                    .withDictionaryEncoding("record_key", false)
                    .withDictionaryEncoding("kafka_timestamp", false)
                    .withDictionaryEncoding("event_id_hi", false)
                    .withDictionaryEncoding("event_id_lo", false)
                    .withDictionaryEncoding("received_at", false)
                    .withDictionaryEncoding("viewer_id", false)
                    .withDictionaryEncoding("payload", false)
                    .build();
            return new Segment(hour, temporary, writer);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot create " + temporary, e);
        }
    }

    /** Finishes every file; the returned manifest names where each one is published. */
    RangeManifest close()
    {
        List<RangeManifest.ArchivedFile> files = new ArrayList<>();
        for (Segment segment : segments.values()) {
            try {
                segment.writer.close();
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot finish " + segment.temporary, e);
            }
            files.add(new RangeManifest.ArchivedFile(
                    segment.hour + "/" + ArchiveLayout.dataFileName(partition, firstOffset, lastOffset),
                    segment.temporary.getName(), segment.records, segment.minReceivedAt, segment.maxReceivedAt));
        }
        return new RangeManifest(topic, partition, firstOffset, lastOffset, files);
    }

    /** Closes the files without publishing them; the next start deletes them. */
    void abandon()
    {
        for (Segment segment : segments.values()) {
            try {
                segment.writer.close();
            }
            catch (IOException | RuntimeException ignored) {
                // the temporary file is garbage either way
            }
        }
    }

    long records()
    {
        return records;
    }

    long minReceivedAt()
    {
        return minReceivedAt;
    }

    long receivedAtSpanMillis()
    {
        return records == 0 ? 0 : maxReceivedAt - minReceivedAt;
    }

    long openedAtNanos()
    {
        return openedAtNanos;
    }

    private static final class Segment
    {
        private final String hour;
        private final Path temporary;
        private final ParquetWriter<RawRecord> writer;
        private long records;
        private long minReceivedAt = Long.MAX_VALUE;
        private long maxReceivedAt = Long.MIN_VALUE;

        private Segment(String hour, Path temporary, ParquetWriter<RawRecord> writer)
        {
            this.hour = hour;
            this.temporary = temporary;
            this.writer = writer;
        }
    }

    /** A Parquet file on the archive's own file system (Parquet's own would take the one Hadoop caches for the scheme). */
    private record ArchiveOutputFile(FileSystem fileSystem, Path path)
            implements OutputFile
    {
        @Override
        public PositionOutputStream create(long blockSizeHint)
                throws IOException
        {
            return HadoopStreams.wrap(fileSystem.create(path, false));
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint)
                throws IOException
        {
            return HadoopStreams.wrap(fileSystem.create(path, true));
        }

        @Override
        public boolean supportsBlockSize()
        {
            return false;
        }

        @Override
        public long defaultBlockSize()
        {
            return 0;
        }

        @Override
        public String getPath()
        {
            return path.toString();
        }
    }

    private static final class Builder
            extends ParquetWriter.Builder<RawRecord, Builder>
    {
        private Builder(OutputFile file)
        {
            super(file);
        }

        @Override
        protected Builder self()
        {
            return this;
        }

        @Override
        protected WriteSupport<RawRecord> getWriteSupport(Configuration configuration)
        {
            return new RawWriteSupport();
        }
    }
}
