package io.hotellambda.batch.archive;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

import java.util.Map;

/** Writes {@link RawRecord}s straight to Parquet's record consumer, in {@link RawSchema#PARQUET}'s field order. */
final class RawWriteSupport
        extends WriteSupport<RawRecord>
{
    private RecordConsumer consumer;

    @Override
    public WriteContext init(Configuration configuration)
    {
        return new WriteContext(RawSchema.PARQUET, Map.of("writer", "hotel-lambda archiver"));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer)
    {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(RawRecord record)
    {
        consumer.startMessage();
        integer(0, "kafka_partition", record.kafkaPartition());
        bigint(1, "kafka_offset", record.kafkaOffset());
        bigint(2, "kafka_timestamp", record.kafkaTimestamp());
        string(3, "record_key", record.recordKey());
        string(4, "event_id", record.eventId());
        string(5, "event_type", record.eventType());
        if (record.hotelId() != null) {
            bigint(6, "hotel_id", record.hotelId());
        }
        bigint(7, "received_at", record.receivedAt());
        string(8, "viewer_id", record.viewerId());
        string(9, "country", record.country());
        string(10, "device", record.device());
        string(11, "payload", record.payload());
        string(12, "error", record.error());
        consumer.endMessage();
    }

    private void integer(int index, String name, int value)
    {
        consumer.startField(name, index);
        consumer.addInteger(value);
        consumer.endField(name, index);
    }

    private void bigint(int index, String name, long value)
    {
        consumer.startField(name, index);
        consumer.addLong(value);
        consumer.endField(name, index);
    }

    private void string(int index, String name, String value)
    {
        if (value == null) {
            return;
        }
        consumer.startField(name, index);
        consumer.addBinary(Binary.fromString(value));
        consumer.endField(name, index);
    }
}
