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
        return new WriteContext(RawSchema.PARQUET, Map.of("writer", "hotel-lambda archiver", RawSchema.VERSION_KEY, Integer.toString(RawSchema.VERSION)));
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
        if (record.eventId() != null) {
            bigint(4, "event_id_hi", record.eventId().getMostSignificantBits());
            bigint(5, "event_id_lo", record.eventId().getLeastSignificantBits());
        }
        string(6, "event_type", record.eventType());
        if (record.hotelId() != null) {
            bigint(7, "hotel_id", record.hotelId());
        }
        bigint(8, "received_at", record.receivedAt());
        string(9, "viewer_id", record.viewerId());
        string(10, "country", record.country());
        string(11, "device", record.device());
        if (record.payload() != null) {
            // the record's own bytes (RawRecord made them valid UTF-8): no text decoded only to be encoded again
            binary(12, "payload", Binary.fromConstantByteArray(record.payload()));
        }
        string(13, "error", record.error());
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
        if (value != null) {
            binary(index, name, Binary.fromString(value));
        }
    }

    private void binary(int index, String name, Binary value)
    {
        consumer.startField(name, index);
        consumer.addBinary(value);
        consumer.endField(name, index);
    }
}
