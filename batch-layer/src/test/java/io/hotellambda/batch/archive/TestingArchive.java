package io.hotellambda.batch.archive;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads back what the archive published, straight from the Parquet files readers would see. */
final class TestingArchive
{
    private TestingArchive() {}

    /** One archived row: where it came from and what it says. */
    record Row(String hourPartition, int partition, long offset, String eventId, Long hotelId, long receivedAt, String error) {}

    static List<Row> read(ArchiveLayout layout, String topic)
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
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), path).withConf(new Configuration()).build()) {
                for (Group group = reader.read(); group != null; group = reader.read()) {
                    rows.add(new Row(hour,
                            group.getInteger("kafka_partition", 0),
                            group.getLong("kafka_offset", 0),
                            optionalString(group, "event_id"),
                            group.getFieldRepetitionCount("hotel_id") == 0 ? null : group.getLong("hotel_id", 0),
                            group.getLong("received_at", 0),
                            optionalString(group, "error")));
                }
            }
        }
        return rows;
    }

    private static String optionalString(Group group, String field)
    {
        return group.getFieldRepetitionCount(field) == 0 ? null : group.getString(field, 0);
    }
}
