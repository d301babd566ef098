package io.hotellambda.speed;

import io.hotellambda.schemas.EventType;
import io.hotellambda.schemas.SpeedCounter;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One hotel's valid events from one Kafka partition in one micro-batch, or one city's searches, as
 * the arguments of {@link RedisCounterApplier#SCRIPT}: views grouped by hour, country and device
 * (then only an id and a viewer per view: a third of the arguments for a busy hotel), per booking
 * event its id, hour and the Redis fields it adds to, per first-page search its id, day, whether sold out and its stay
 * nights with each night key's TTL. The script drops the events whose id it has seen within the
 * deduplication window and sums the rest.
 */
final class HotelBatch
{
    private static final DateTimeFormatter NIGHT = DateTimeFormatter.BASIC_ISO_DATE;

    private final long hotelId;
    private final String city;
    private final String topic;
    private final int partition;
    // views grouped by what they share (hour, country, device): per view only its id and viewer
    private final Map<String, List<String>> viewGroups = new LinkedHashMap<>();
    private final List<String> events = new ArrayList<>();
    private final List<Search> searches = new ArrayList<>();
    private final Set<String> viewDays = new TreeSet<>();

    private record Search(String eventId, String day, boolean soldOut, LocalDate checkIn, int nights) {}

    /** {@code topic} and {@code partition}: the Kafka partition these events came from. */
    HotelBatch(long hotelId, String topic, int partition)
    {
        this(hotelId, null, topic, partition);
    }

    private HotelBatch(long hotelId, String city, String topic, int partition)
    {
        this.hotelId = hotelId;
        this.city = city;
        this.topic = topic;
        this.partition = partition;
    }

    /** A city's searches ({@code city} as search_performed keys it). */
    static HotelBatch city(String city, String topic, int partition)
    {
        return new HotelBatch(0, city, topic, partition);
    }

    /** True for the next event of this hotel (or city) from the same Kafka partition. */
    boolean holds(long hotelId, String city, String topic, int partition)
    {
        return this.hotelId == hotelId && java.util.Objects.equals(this.city, city) && this.partition == partition && this.topic.equals(topic);
    }

    /** True for a hotel's batch, false for a city's. */
    boolean isHotel()
    {
        return city == null;
    }

    long hotelId()
    {
        return hotelId;
    }

    /** The key of the applied-batch marker: the hotel's, or the city's. */
    String markerKey()
    {
        return isHotel() ? SpeedCounter.appliedBatches(hotelId) : SpeedCounter.appliedSearchBatches(city);
    }

    /** {@code topic/partition}: with the query id, the applied-batch marker's field. */
    String source()
    {
        return topic + "/" + partition;
    }

    /**
     * One valid event from a {@link SpeedLayerJob#countable} row: a view, or a booking event with
     * the Redis fields it adds to ({@code booking}, empty for one that counts nothing).
     */
    void add(String type, String eventId, String hour, String viewer, String country, String device, Map<String, Long> booking)
    {
        if (type.equals(EventType.HOTEL_VIEWED.typeName())) {
            viewDays.add(hour.substring(0, 8));
            List<String> group = viewGroups.computeIfAbsent(hour + "\n" + country + "\n" + device, key -> new ArrayList<>());
            group.add(eventId);
            group.add(viewer);
        }
        else {
            // also an event that counts nothing: its id still goes through deduplication, so the duplicates metric sees every repeat
            events.addAll(List.of("k", eventId, hour, Integer.toString(booking.size())));
            booking.forEach((field, amount) -> {
                events.add(field);
                events.add(Long.toString(amount));
            });
        }
    }

    /** One search; a page after the first is the same search again and is not counted. */
    void addSearch(String eventId, String hour, String checkIn, int nights, boolean soldOut, boolean firstPage)
    {
        if (firstPage) {
            searches.add(new Search(eventId, hour.substring(0, 8), soldOut, checkIn == null ? null : LocalDate.parse(checkIn), nights));
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
        return events.isEmpty() && viewGroups.isEmpty() && searches.isEmpty();
    }

    /**
     * ARGV for the script: marker field (query id and source partition), batch id, counter TTL,
     * dedup window, the hash tag, dedup bucket, then the events. A stay night's key lives
     * {@code ttlSeconds} past the night (a search may be for a night a year ahead), so its TTL is
     * given with it.
     */
    List<String> arguments(String markerField, long batchId, long ttlSeconds, long dedupSeconds, long dedupBucket, long nowSeconds)
    {
        List<String> arguments = new ArrayList<>(events.size() + 6);
        String tag = isHotel() ? "{" + hotelId + "}" : SpeedCounter.cityTag(city);
        arguments.addAll(List.of(markerField, Long.toString(batchId), Long.toString(ttlSeconds), Long.toString(dedupSeconds), tag,
                Long.toString(dedupBucket)));
        viewGroups.forEach((shared, idsAndViewers) -> {
            arguments.add("V");
            arguments.addAll(List.of(shared.split("\n", 3)));
            arguments.add(Integer.toString(idsAndViewers.size() / 2));
            arguments.addAll(idsAndViewers);
        });
        arguments.addAll(events);
        for (Search search : searches) {
            arguments.addAll(List.of("S", search.eventId(), search.day(), search.soldOut() ? "1" : "0", Integer.toString(search.nights())));
            for (int i = 0; i < search.nights(); i++) {
                LocalDate night = search.checkIn().plusDays(i);
                long nightEnds = night.plusDays(1).toEpochDay() * 86_400;
                arguments.add(NIGHT.format(night));
                arguments.add(Long.toString(ttlSeconds + Math.max(0, nightEnds - nowSeconds)));
            }
        }
        return arguments;
    }
}
