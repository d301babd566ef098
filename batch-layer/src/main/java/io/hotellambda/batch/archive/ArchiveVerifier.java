package io.hotellambda.batch.archive;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Proves what the archive holds, per topic partition: committed ranges are contiguous with no
 * overlap, every file they name exists with the record count they name, and no data file lies
 * outside a committed range. {@code deep} also reads every file's {@code kafka_offset} column and
 * checks each offset appears once, inside its range.
 */
public final class ArchiveVerifier
{
    private final ArchiveStore store;
    private final Configuration hadoop;

    public ArchiveVerifier(ArchiveStore store, Configuration hadoop)
    {
        this.store = store;
        this.hadoop = hadoop;
    }

    public record PartitionReport(String topic, int partition, int ranges, long firstOffset, long lastOffset, long records,
            Optional<ArchiveWatermark> watermark, List<String> problems) {}

    public List<PartitionReport> verify(String topic, boolean deep)
            throws IOException
    {
        Set<String> named = new HashSet<>();
        List<PartitionReport> reports = new ArrayList<>();
        Map<Integer, ArchiveWatermark> watermarks = new TreeMap<>();
        store.watermarks(topic).forEach(watermark -> watermarks.put(watermark.partition(), watermark));
        Set<Integer> partitions = new TreeSet<>(store.partitions(topic));
        partitions.addAll(watermarks.keySet());
        for (int partition : partitions) {
            reports.add(verify(topic, partition, Optional.ofNullable(watermarks.get(partition)), deep, named));
        }
        List<String> strays = strays(topic, named);
        if (!strays.isEmpty()) {
            reports.add(new PartitionReport(topic, -1, 0, -1, -1, 0, Optional.empty(),
                    strays.stream().map(path -> path + " is in no committed range").toList()));
        }
        return reports;
    }

    private PartitionReport verify(String topic, int partition, Optional<ArchiveWatermark> watermark, boolean deep, Set<String> named)
            throws IOException
    {
        List<String> problems = new ArrayList<>();
        for (Path intent : store.pendingIntents(topic, partition)) {
            problems.add(intent.getName() + ": a publish did not finish; the archiver finishes it when it starts");
        }
        List<RangeManifest> ranges = store.ranges(topic, partition);
        long records = 0;
        RangeManifest previous = null;
        for (RangeManifest range : ranges) {
            if (previous != null && range.firstOffset() != previous.lastOffset() + 1) {
                problems.add("%s after offset %s: %s".formatted(
                        range.firstOffset() <= previous.lastOffset() ? "overlap" : "gap",
                        previous.lastOffset(), describe(range)));
            }
            Set<Long> offsets = new HashSet<>();
            for (RangeManifest.ArchivedFile file : range.files()) {
                Path path = new Path(store.layout().topic(topic), file.path());
                named.add(path.toUri().getPath());
                if (!store.layout().fileSystem().exists(path)) {
                    problems.add("%s names %s, which is missing".formatted(describe(range), file.path()));
                    continue;
                }
                long rows = rowCount(path);
                if (rows != file.records()) {
                    problems.add("%s holds %s records; its range says %s".formatted(file.path(), rows, file.records()));
                }
                if (deep) {
                    checkOffsets(path, range, offsets, problems);
                }
            }
            records += range.records();
            previous = range;
        }
        return new PartitionReport(topic, partition, ranges.size(),
                ranges.isEmpty() ? -1 : ranges.get(0).firstOffset(),
                ranges.isEmpty() ? -1 : ranges.get(ranges.size() - 1).lastOffset(),
                records, watermark, problems);
    }

    private void checkOffsets(Path path, RangeManifest range, Set<Long> seen, List<String> problems)
            throws IOException
    {
        Configuration projected = new Configuration(hadoop);
        projected.set(ReadSupport.PARQUET_READ_SCHEMA, "message raw_event { required int64 kafka_offset; }");
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), path).withConf(projected).build()) {
            for (Group row = reader.read(); row != null; row = reader.read()) {
                long offset = row.getLong("kafka_offset", 0);
                if (offset < range.firstOffset() || offset > range.lastOffset()) {
                    problems.add("%s holds offset %s, outside %s".formatted(path.getName(), offset, describe(range)));
                }
                else if (!seen.add(offset)) {
                    problems.add("%s holds offset %s twice".formatted(describe(range), offset));
                }
            }
        }
    }

    private long rowCount(Path path)
            throws IOException
    {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(path, hadoop))) {
            return reader.getRecordCount();
        }
    }

    /** Data files in the topic's {@code dt=/hour=} directories that no committed range names. */
    private List<String> strays(String topic, Set<String> named)
            throws IOException
    {
        List<String> strays = new ArrayList<>();
        for (FileStatus day : listOrEmpty(store.layout().topic(topic))) {
            if (!day.isDirectory() || !day.getPath().getName().startsWith("dt=")) {
                continue;
            }
            for (FileStatus hour : listOrEmpty(day.getPath())) {
                for (FileStatus file : hour.isDirectory() ? listOrEmpty(hour.getPath()) : new FileStatus[0]) {
                    Path path = file.getPath();
                    if (path.getName().endsWith(".parquet") && !path.getName().startsWith(".") && !named.contains(path.toUri().getPath())) {
                        strays.add("%s/%s/%s".formatted(day.getPath().getName(), hour.getPath().getName(), path.getName()));
                    }
                }
            }
        }
        return strays;
    }

    private FileStatus[] listOrEmpty(Path directory)
            throws IOException
    {
        try {
            return store.layout().fileSystem().listStatus(directory);
        }
        catch (FileNotFoundException e) {
            return new FileStatus[0];
        }
    }

    private static String describe(RangeManifest range)
    {
        return "range %s-%s of %s/%s".formatted(range.firstOffset(), range.lastOffset(), range.topic(), range.partition());
    }
}
