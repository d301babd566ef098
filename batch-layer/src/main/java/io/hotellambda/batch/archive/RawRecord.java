package io.hotellambda.batch.archive;

import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.EventType;
import io.hotellambda.schemas.HotelEvent;
import io.hotellambda.schemas.HotelViewed;
import io.hotellambda.schemas.InvalidEventException;
import io.hotellambda.schemas.PlatformEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;

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
        String eventId,
        String eventType,
        Long hotelId,
        long receivedAt,
        String viewerId,
        String country,
        String device,
        String payload,
        String error)
{
    public static RawRecord of(ConsumerRecord<byte[], byte[]> record, EventCodec codec)
    {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            return invalid(record, key, null, "tombstone: the record has no value");
        }
        String payload = new String(record.value(), StandardCharsets.UTF_8);
        PlatformEvent event;
        try {
            event = codec.decode(record.value());
        }
        catch (InvalidEventException e) {
            return invalid(record, key, payload, e.getMessage());
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
                event.eventId().toString(), EventType.of(event).typeName(), hotelId, event.receivedAt().toEpochMilli(),
                viewer, country, device, payload, null);
    }

    private static RawRecord invalid(ConsumerRecord<byte[], byte[]> record, String key, String payload, String error)
    {
        return new RawRecord(record.partition(), record.offset(), record.timestamp(), key,
                null, null, null, record.timestamp(), null, null, null, payload, error);
    }
}
