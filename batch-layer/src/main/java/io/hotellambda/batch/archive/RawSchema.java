package io.hotellambda.batch.archive;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The archive's file schema, one for every topic. The partition columns {@code dt} and
 * {@code hour} live in the directory names ({@code dt=YYYY-MM-DD/hour=HH}), not in the files.
 * Timestamps are UTC milliseconds, which Spark and Hive read as TIMESTAMP.
 * <p>
 * Version 2 stores the event id (a UUID) as its two halves, {@code event_id_hi} and
 * {@code event_id_lo}, 16 bytes of fixed width instead of 36 characters of text; version 1 files
 * hold it as text in {@code event_id}. Both stay readable: readers ask for all three columns (a
 * column a file lacks reads as null) and take the id through {@code RawColumns}. Every file says
 * its version in its footer ({@link #VERSION_KEY}; version 1 files do not, which is how they are told).
 */
public final class RawSchema
{
    /** The version this archiver writes. */
    public static final int VERSION = 2;
    /** The footer key (Parquet key-value metadata) that holds a file's schema version. */
    public static final String VERSION_KEY = "hotel-lambda.raw.schema.version";

    public static final MessageType PARQUET = MessageTypeParser.parseMessageType("""
            message raw_event {
              required int32 kafka_partition;
              required int64 kafka_offset;
              required int64 kafka_timestamp (TIMESTAMP(MILLIS,true));
              optional binary record_key (STRING);
              optional int64 event_id_hi;
              optional int64 event_id_lo;
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

    /**
     * The columns of both versions as Hive DDL, for the raw tables and for Spark's reads ({@code dt}
     * and {@code hour} are the tables' partition columns): version 1's text {@code event_id} where
     * it was, version 2's halves at the end.
     */
    public static final String HIVE_COLUMNS = """
            kafka_partition INT,
            kafka_offset BIGINT,
            kafka_timestamp TIMESTAMP,
            record_key STRING,
            event_id STRING,
            event_type STRING,
            hotel_id BIGINT,
            received_at TIMESTAMP,
            viewer_id STRING,
            country STRING,
            device STRING,
            payload STRING,
            error STRING,
            event_id_hi BIGINT,
            event_id_lo BIGINT""";

    /** The version 2 columns a table made for version 1 files lacks, as Hive DDL. */
    public static final String HIVE_COLUMNS_ADDED_IN_2 = "event_id_hi BIGINT, event_id_lo BIGINT";

    private RawSchema() {}
}
