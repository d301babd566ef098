package io.hotellambda.batch.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Publishes ranges and reads back what is published. A publish is:
 * <ol>
 * <li>the range's files are complete under the partition's {@code tmp/};</li>
 * <li>an {@code .intent} manifest names every file and where it goes;</li>
 * <li>each file is renamed into its {@code dt=/hour=} directory;</li>
 * <li>the commit: the {@code .range} manifest appears, whole, in one step; the intent goes.</li>
 * </ol>
 * A crash anywhere leaves either loose temporary files (deleted on recovery; the records are read
 * from Kafka again) or an intent (finished on recovery: every file is already complete; an intent
 * whose range is already committed is only deleted). So what is on disk decides where each
 * partition resumes, and nothing is written twice or skipped.
 * <p>
 * The one atomic step differs by store. On a file system (local, HDFS) a rename is atomic: a
 * manifest is written under a temporary name and renamed into place, and the commit renames the
 * intent. An object store (S3 through {@code s3a}, GCS, OSS) has no atomic rename ({@code s3a}
 * copies, then deletes, so a crash can leave both names), but an object appears whole when its
 * upload completes: there, manifests are written in place and the commit writes the
 * {@code .range} itself, then deletes the intent. A data file's move may be cut between its copy
 * and its delete; the intent still names it, and recovery moves it again over the copy.
 */
public final class ArchiveStore
{
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** Stores whose rename is a copy and a delete, and whose writes appear whole: object stores. */
    private static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "s3n", "gs", "oss", "cosn", "obs");

    private final ArchiveLayout layout;
    private final FileSystem fileSystem;
    private final boolean objectStore;

    public ArchiveStore(ArchiveLayout layout)
    {
        this.layout = layout;
        this.fileSystem = layout.fileSystem();
        this.objectStore = OBJECT_STORES.contains(fileSystem.getScheme());
    }

    public ArchiveLayout layout()
    {
        return layout;
    }

    void publish(RangeManifest range, PublishHook hook)
            throws IOException
    {
        hook.at(PublishStep.FILES_WRITTEN);
        Path intent = layout.range(range.topic(), range.partition(), range.firstOffset(), range.lastOffset(), false);
        writeJson(intent, range);
        hook.at(PublishStep.INTENT_WRITTEN);
        finish(range, intent, hook);
    }

    private void finish(RangeManifest range, Path intent, PublishHook hook)
            throws IOException
    {
        Path temporary = layout.temporary(range.topic(), range.partition());
        for (RangeManifest.ArchivedFile file : range.files()) {
            Path source = new Path(temporary, file.temporary());
            Path target = new Path(layout.topic(range.topic()), file.path());
            if (fileSystem.exists(source)) {
                // a target already there is this same file, moved by an earlier attempt on a store whose rename copies
                fileSystem.delete(target, false);
                fileSystem.mkdirs(target.getParent());
                rename(source, target);
            }
            else if (!fileSystem.exists(target)) {
                throw new IllegalStateException("%s names %s, which is neither in %s nor published".formatted(intent, file.path(), temporary));
            }
            hook.at(PublishStep.FILE_MOVED);
        }
        Path committed = layout.range(range.topic(), range.partition(), range.firstOffset(), range.lastOffset(), true);
        if (objectStore) {
            writeJson(committed, range);
            hook.at(PublishStep.RANGE_COMMITTED);
            fileSystem.delete(intent, false);
        }
        else {
            rename(intent, committed);
            hook.at(PublishStep.RANGE_COMMITTED);
        }
    }

    /**
     * Makes one partition consistent after any stop: finishes a publish that wrote its intent,
     * deletes files that never got one, and returns the first offset not archived (empty when the
     * partition has nothing archived yet).
     */
    public OptionalLong recover(String topic, int partition)
            throws IOException
    {
        for (Path intent : list(layout.control(topic, partition), ".intent")) {
            RangeManifest range = readJson(intent, RangeManifest.class);
            if (fileSystem.exists(layout.range(topic, partition, range.firstOffset(), range.lastOffset(), true))) {
                // committed: a crash came between the range's write and the intent's delete
                fileSystem.delete(intent, false);
            }
            else {
                finish(range, intent, PublishHook.NONE);
            }
        }
        fileSystem.delete(layout.temporary(topic, partition), true);
        List<RangeManifest> ranges = ranges(topic, partition);
        return ranges.isEmpty() ? OptionalLong.empty() : OptionalLong.of(ranges.get(ranges.size() - 1).lastOffset() + 1);
    }

    /** The committed ranges of one partition, by first offset. */
    public List<RangeManifest> ranges(String topic, int partition)
            throws IOException
    {
        List<RangeManifest> ranges = new ArrayList<>();
        for (Path path : list(layout.control(topic, partition), ".range")) {
            ranges.add(readJson(path, RangeManifest.class));
        }
        ranges.sort(Comparator.comparingLong(RangeManifest::firstOffset));
        return ranges;
    }

    /** Records in the committed ranges of every partition of a topic. */
    public long archivedRecords(String topic)
            throws IOException
    {
        long records = 0;
        for (int partition : partitions(topic)) {
            records += ranges(topic, partition).stream().mapToLong(RangeManifest::records).sum();
        }
        return records;
    }

    /** Paths of publishes that wrote an intent and did not commit. */
    public List<Path> pendingIntents(String topic, int partition)
            throws IOException
    {
        return list(layout.control(topic, partition), ".intent");
    }

    /** The range a pending intent names. */
    RangeManifest intent(Path intent)
            throws IOException
    {
        return readJson(intent, RangeManifest.class);
    }

    /** The topics with anything archived, by name. */
    public List<String> topics()
            throws IOException
    {
        return directories(layout.root(), "").stream().map(Path::getName).filter(name -> !name.startsWith("_")).sorted().toList();
    }

    /** The days ({@code dt=YYYY-MM-DD}) that hold anything archived for {@code topic}, in order. */
    public List<LocalDate> days(String topic)
            throws IOException
    {
        return directories(layout.topic(topic), "dt=").stream().map(path -> LocalDate.parse(path.getName().substring("dt=".length()))).sorted().toList();
    }

    /** The hours ({@code HH}) of {@code day} that hold anything archived for {@code topic}, in order. */
    public List<String> hours(String topic, LocalDate day)
            throws IOException
    {
        return directories(layout.day(topic, day), "hour=").stream().map(path -> path.getName().substring("hour=".length())).toList();
    }

    /** The published data files of the given hours ({@code HH}) of a topic's day, by Kafka partition. */
    public SortedMap<Integer, List<Path>> dataFiles(String topic, LocalDate day, List<String> hours)
            throws IOException
    {
        SortedMap<Integer, List<Path>> files = new TreeMap<>();
        for (String hour : hours) {
            for (Path file : list(layout.hour(topic, day, hour), ".parquet")) {
                files.computeIfAbsent(ArchiveLayout.partitionOf(file.getName()), partition -> new ArrayList<>()).add(file);
            }
        }
        return files;
    }

    /** The partitions of a topic with an archive directory. */
    public List<Integer> partitions(String topic)
            throws IOException
    {
        return directories(new Path(layout.topic(topic), "_archive"), "partition-").stream()
                .map(path -> Integer.parseInt(path.getName().substring("partition-".length())))
                .sorted()
                .toList();
    }

    public void writeWatermark(ArchiveWatermark watermark)
            throws IOException
    {
        writeJson(layout.watermark(watermark.topic(), watermark.partition()), watermark);
    }

    public Optional<ArchiveWatermark> watermark(String topic, int partition)
            throws IOException
    {
        Path path = layout.watermark(topic, partition);
        return fileSystem.exists(path) ? Optional.of(readJson(path, ArchiveWatermark.class)) : Optional.empty();
    }

    /** Every watermark file of a topic, by partition. */
    public List<ArchiveWatermark> watermarks(String topic)
            throws IOException
    {
        List<ArchiveWatermark> watermarks = new ArrayList<>();
        for (Path path : list(layout.watermarks(topic), ".json")) {
            if (path.getName().startsWith("watermark-")) {
                watermarks.add(readJson(path, ArchiveWatermark.class));
            }
        }
        watermarks.sort(Comparator.comparingInt(ArchiveWatermark::partition));
        return watermarks;
    }

    private List<Path> list(Path directory, String suffix)
            throws IOException
    {
        return children(directory, status -> status.isFile() && status.getPath().getName().endsWith(suffix));
    }

    private List<Path> directories(Path directory, String prefix)
            throws IOException
    {
        return children(directory, status -> status.isDirectory() && status.getPath().getName().startsWith(prefix));
    }

    /** The children of {@code directory} that {@code wanted} accepts, by name; none when it does not exist. */
    private List<Path> children(Path directory, Predicate<FileStatus> wanted)
            throws IOException
    {
        List<Path> paths = new ArrayList<>();
        try {
            for (FileStatus status : fileSystem.listStatus(directory)) {
                if (wanted.test(status)) {
                    paths.add(status.getPath());
                }
            }
        }
        catch (FileNotFoundException e) {
            return List.of();
        }
        paths.sort(Comparator.comparing(Path::getName));
        return paths;
    }

    /**
     * Written so a reader sees the old or the new file, whole: in place on an object store (an
     * upload appears when complete), else under a temporary name and renamed.
     */
    private void writeJson(Path path, Object value)
            throws IOException
    {
        if (objectStore) {
            try (FSDataOutputStream out = fileSystem.create(path, true)) {
                JSON.writeValue((OutputStream) out, value);
            }
            return;
        }
        Path temporary = new Path(path.getParent(), "_" + path.getName() + ".tmp");
        try (FSDataOutputStream out = fileSystem.create(temporary, true)) {
            JSON.writeValue((OutputStream) out, value);
        }
        fileSystem.delete(path, false);
        rename(temporary, path);
    }

    private <T> T readJson(Path path, Class<T> type)
            throws IOException
    {
        try (InputStream in = fileSystem.open(path)) {
            return JSON.readValue(in, type);
        }
    }

    private void rename(Path source, Path target)
            throws IOException
    {
        if (!fileSystem.rename(source, target)) {
            throw new IOException("cannot rename %s to %s".formatted(source, target));
        }
    }
}
