package io.hotellambda.batch.archive;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.LocalDate;

/**
 * Where the archive keeps what, under one root on any Hadoop FileSystem ({@code file://},
 * {@code hdfs://}, {@code s3a://}):
 * <pre>
 * raw/&lt;topic&gt;/dt=YYYY-MM-DD/hour=HH/&lt;partition&gt;-&lt;first offset&gt;-&lt;last offset&gt;.parquet   data, by received_at
 * raw/&lt;topic&gt;/_archive/partition-&lt;p&gt;/&lt;first&gt;-&lt;last&gt;.range                         what one publish wrote
 * raw/&lt;topic&gt;/_archive/partition-&lt;p&gt;/&lt;first&gt;-&lt;last&gt;.intent                        a publish in progress
 * raw/&lt;topic&gt;/_archive/partition-&lt;p&gt;/tmp/                                           files being written
 * raw/&lt;topic&gt;/_archive/watermark-&lt;p&gt;.json                                             the archive watermark
 * </pre>
 * Spark and Hive skip names that start with {@code _}, so readers see published data files only.
 */
public final class ArchiveLayout
{
    private static final long HOUR_MILLIS = 3_600_000;

    private final FileSystem fileSystem;
    private final Path root;

    public ArchiveLayout(FileSystem fileSystem, Path root)
    {
        this.fileSystem = fileSystem;
        this.root = fileSystem.makeQualified(root);
    }

    /** The archive at {@code root}: on local disk through {@link ForklessLocalFileSystem}, elsewhere through Hadoop's file system for the scheme. */
    public static ArchiveLayout open(String root, Configuration configuration)
    {
        try {
            URI uri = URI.create(root);
            if (uri.getScheme() == null || uri.getScheme().equals("file")) {
                FileSystem local = new ForklessLocalFileSystem();
                local.initialize(URI.create("file:///"), configuration);
                return new ArchiveLayout(local, new Path(root));
            }
            return new ArchiveLayout(FileSystem.get(uri, configuration), new Path(root));
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot open the archive at " + root, e);
        }
    }

    public FileSystem fileSystem()
    {
        return fileSystem;
    }

    public Path root()
    {
        return root;
    }

    /**
     * Where daily snapshots of booking-app's state live, beside the topics: {@code _snapshots/<name>}
     * (a name starting with an underscore is no topic). They are source data like the events (what
     * a past day saw cannot be computed again later), so they belong with the archive, not with the
     * warehouse's derived tables.
     */
    public Path snapshot(String name)
    {
        return new Path(new Path(root, "_snapshots"), name);
    }

    public Path topic(String topic)
    {
        return new Path(root, topic);
    }

    /** A day's directory of a topic: {@code <topic>/dt=YYYY-MM-DD}. */
    public Path day(String topic, LocalDate day)
    {
        return new Path(topic(topic), "dt=" + day);
    }

    /** An hour's directory, a raw table's partition: {@code <topic>/dt=YYYY-MM-DD/hour=HH}. */
    public Path hour(String topic, LocalDate day, String hour)
    {
        return new Path(day(topic, day), "hour=" + hour);
    }

    /** {@code dt=YYYY-MM-DD/hour=HH}, relative to the topic directory. */
    public static String hourPartition(long receivedAtMillis)
    {
        long hour = Math.floorDiv(receivedAtMillis, HOUR_MILLIS);
        return "dt=%s/hour=%02d".formatted(LocalDate.ofEpochDay(Math.floorDiv(hour, 24)), Math.floorMod(hour, 24));
    }

    public static String dataFileName(int partition, long firstOffset, long lastOffset)
    {
        return "%d-%020d-%020d.parquet".formatted(partition, firstOffset, lastOffset);
    }

    /** The Kafka partition a data file holds records of, from its {@link #dataFileName name}. */
    public static int partitionOf(String dataFileName)
    {
        return Integer.parseInt(dataFileName.substring(0, dataFileName.indexOf('-')));
    }

    public Path control(String topic, int partition)
    {
        return new Path(topic(topic), "_archive/partition-" + partition);
    }

    public Path temporary(String topic, int partition)
    {
        return new Path(control(topic, partition), "tmp");
    }

    public Path range(String topic, int partition, long firstOffset, long lastOffset, boolean committed)
    {
        return new Path(control(topic, partition), "%020d-%020d.%s".formatted(firstOffset, lastOffset, committed ? "range" : "intent"));
    }

    public Path watermark(String topic, int partition)
    {
        return new Path(topic(topic), "_archive/watermark-" + partition + ".json");
    }

    public Path watermarks(String topic)
    {
        return new Path(topic(topic), "_archive");
    }
}
