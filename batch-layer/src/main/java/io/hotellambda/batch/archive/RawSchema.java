package io.hotellambda.batch.archive;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The archive's file schema, one for every topic. The partition columns {@code dt} and
 * {@code hour} live in the directory names ({@code dt=YYYY-MM-DD/hour=HH}), not in the files.
 * Timestamps are UTC milliseconds, which Spark and Hive read as TIMESTAMP.
 */
public final class RawSchema
{
    public static final MessageType PARQUET = MessageTypeParser.parseMessageType("""
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

    /** The same columns as Hive DDL, for the raw tables; {@code dt} and {@code hour} are its partition columns. */
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
            error STRING""";

    private RawSchema() {}
}
