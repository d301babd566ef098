package io.hotellambda.speed;

import io.hotellambda.schemas.EventType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One hotel's valid events from one Kafka partition in one micro-batch, as the arguments of {@link RedisCounterApplier#SCRIPT}:
 * views grouped by hour, country and device (then only an id and a viewer per view: a third of
 * the arguments for a busy hotel), and per booking event its kind, id and fields. The script
 * drops the events whose id it has seen within the deduplication window and sums the rest.
 */
final class HotelBatch
{
    private final long hotelId;
    private final String topic;
    private final int partition;
    // views grouped by what they share (hour, country, device): per view only its id and viewer
    private final Map<String, List<String>> viewGroups = new LinkedHashMap<>();
    private final List<String> events = new ArrayList<>();
    private final Set<String> viewDays = new TreeSet<>();

    /** {@code topic} and {@code partition}: the Kafka partition these events came from. */
    HotelBatch(long hotelId, String topic, int partition)
    {
        this.hotelId = hotelId;
        this.topic = topic;
        this.partition = partition;
    }

    /** True for the next event of this hotel from the same Kafka partition. */
    boolean holds(long hotelId, String topic, int partition)
    {
        return this.hotelId == hotelId && this.partition == partition && this.topic.equals(topic);
    }

    long hotelId()
    {
        return hotelId;
    }

    /** {@code topic/partition}: with the query id, the hotel's applied-batch marker field. */
    String source()
    {
        return topic + "/" + partition;
    }

    /** One valid event from a {@link SpeedLayerJob#countable} row; types the speed layer does not count are left out. */
    void add(String type, String eventId, String hour, String viewer, String country, String device, String currency, long amountCents)
    {
        if (type.equals(EventType.HOTEL_VIEWED.typeName())) {
            viewDays.add(hour.substring(0, 8));
            List<String> group = viewGroups.computeIfAbsent(hour + "\n" + country + "\n" + device, key -> new ArrayList<>());
            group.add(eventId);
            group.add(viewer);
        }
        else if (type.equals(EventType.RESERVATION_CREATED.typeName())) {
            events.addAll(List.of("b", eventId, hour));
        }
        else if (type.equals(EventType.RESERVATION_CONFIRMED.typeName())) {
            events.addAll(List.of("r", eventId, hour, currency, Long.toString(amountCents)));
        }
    }

    /** The UTC days ({@code yyyyMMdd}) of this batch's views: the days whose daily counter it may change. */
    Set<String> viewDays()
    {
        return viewDays;
    }

    /** True when none of the events is of a type the speed layer counts: no script call needed. */
    boolean isEmpty()
    {
        return events.isEmpty() && viewGroups.isEmpty();
    }

    /** ARGV for the script: marker field (query id and source partition), batch id, counter TTL, dedup window, the hotel's hash tag, dedup bucket, then the events. */
    List<String> arguments(String markerField, long batchId, long ttlSeconds, long dedupSeconds, long dedupBucket)
    {
        List<String> arguments = new ArrayList<>(events.size() + 6);
        arguments.addAll(List.of(markerField, Long.toString(batchId), Long.toString(ttlSeconds), Long.toString(dedupSeconds), "{" + hotelId + "}",
                Long.toString(dedupBucket)));
        viewGroups.forEach((shared, idsAndViewers) -> {
            arguments.add("V");
            arguments.addAll(List.of(shared.split("\n", 3)));
            arguments.add(Integer.toString(idsAndViewers.size() / 2));
            arguments.addAll(idsAndViewers);
        });
        arguments.addAll(events);
        return arguments;
    }
}
