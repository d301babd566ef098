package io.hotellambda.batch.archive;

import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.EventType;
import io.hotellambda.schemas.HotelEvent;
import io.hotellambda.schemas.HotelViewed;
import io.hotellambda.schemas.InvalidEventException;
import io.hotellambda.schemas.PlatformEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * One Kafka record as the archive stores it: where it came from, the columns every event shares,
 * the view columns the nightly job reads, and the original payload so the archive can be replayed
 * under a newer schema. A record that does not decode is archived too, with its {@code error} and
 * the Kafka timestamp standing in for {@code received_at}: nothing accepted is dropped.
 */
public record RawRecord(
        int kafkaPartition,
        long kafkaOffset,
        long kafkaTimestamp,
        String recordKey,
        UUID eventId,
        String eventType,
        Long hotelId,
        long receivedAt,
        String viewerId,
        String country,
        String device,
        byte[] payload,
        String error)
{
    public static RawRecord of(ConsumerRecord<byte[], byte[]> record, EventCodec codec)
    {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            return invalid(record, key, null, "tombstone: the record has no value");
        }
        PlatformEvent event;
        try {
            event = codec.decode(record.value());
        }
        catch (InvalidEventException e) {
            return invalid(record, key, utf8(record.value()), e.getMessage());
        }
        Long hotelId = event instanceof HotelEvent hotelEvent ? hotelEvent.hotelId() : null;
        String viewer = null;
        String country = null;
        String device = null;
        if (event instanceof HotelViewed view) {
            viewer = view.viewerId();
            country = view.country();
            device = view.device();
        }
        return new RawRecord(record.partition(), record.offset(), record.timestamp(), key,
                event.eventId(), EventType.of(event).typeName(), hotelId, event.receivedAt().toEpochMilli(),
                viewer, country, device, utf8(record.value()), null);
    }

    /**
     * The payload as valid UTF-8, for a STRING column: its own bytes when they are all ASCII (most
     * events: checked in one pass over the bytes, no text made), else through text, where invalid
     * UTF-8 becomes U+FFFD.
     */
    static byte[] utf8(byte[] value)
    {
        for (byte b : value) {
            if (b < 0) {
                return new String(value, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            }
        }
        return value;
    }

    private static RawRecord invalid(ConsumerRecord<byte[], byte[]> record, String key, byte[] payload, String error)
    {
        return new RawRecord(record.partition(), record.offset(), record.timestamp(), key,
                null, null, null, record.timestamp(), null, null, null, payload, error);
    }
}
