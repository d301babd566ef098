package io.hotellambda.infra;

import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.HotelViewed;
import io.hotellambda.schemas.PlatformEvent;
import io.hotellambda.schemas.ReservationCancelled;
import io.hotellambda.schemas.ReservationConfirmed;
import io.hotellambda.schemas.ReservationCreated;
import io.hotellambda.schemas.ReservationExpired;
import io.hotellambda.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A fresh platform's day of history. The quickstart's nightly job counts yesterday, and on a first
 * run nothing was received yesterday: its batch day, the seam and the audit would all be about zero
 * views. So on a fresh platform ({@link #produceIfFresh}), yesterday's views of the sample hotels are produced
 * as booking-app produces them (keyed by hotel id, the event contract's JSON, {@code acks=all},
 * idempotent), in {@code received_at} order, before the speed layer and the archiver first read the
 * topic: to both they are a day that booking-app accepted while nothing downstream ran yet, which
 * the archive's lateness bound allows. One view in ten is sent twice, a minute apart (a client
 * retry: the same event id), so the day has duplicates for both layers to drop. The day's bookings
 * of the same hotels go to {@code booking_events} the same way: holds, confirmations (the first
 * hotel's published twice, as the outbox relay does after a crash), a cancellation with a refund
 * and an expiry, in each hotel's currency.
 */
final class SampleHistory
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What was produced: distinct views per hotel (what exact counts must show), the records sent, retries included, and the booking events. */
    record Day(LocalDate day, Map<Long, Long> views, int records, int bookingEvents) {}

    private SampleHistory() {}

    /** A hotel the history books: its currency and the room type its reservations are for. */
    record Hotel(String currency, long roomTypeId) {}

    /**
     * Produces {@code day}'s views of {@code hotels} on a fresh platform: {@code hotel_view_events}
     * is empty and none of {@code consumerState} (where the speed layer and the archiver keep their
     * positions and watermarks) exists yet. An archiver that ran once has a watermark past
     * {@code day}: to it these views would be later than its lateness allows. Empty when not fresh.
     */
    static Optional<Day> produceIfFresh(String bootstrapServers, Map<Long, Hotel> hotelsById, LocalDate day, List<Path> consumerState)
    {
        List<Long> hotels = List.copyOf(hotelsById.keySet());
        if (hotels.isEmpty() || consumerState.stream().anyMatch(Files::exists) || viewsInKafka(bootstrapServers) > 0) {
            return Optional.empty();
        }
        List<HotelViewed> views = views(hotels, day);
        List<PlatformEvent> bookings = bookings(hotelsById, day);
        EventCodec codec = new EventCodec();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "quickstart-history"), new StringSerializer(), new ByteArraySerializer())) {
            List<Future<?>> acks = new ArrayList<>();
            for (HotelViewed view : views) {
                acks.add(producer.send(new ProducerRecord<>(Topics.HOTEL_VIEW_EVENTS, view.partitionKey(), codec.encode(view))));
            }
            for (PlatformEvent booking : bookings) {
                acks.add(producer.send(new ProducerRecord<>(Topics.BOOKING_EVENTS, booking.partitionKey(), codec.encode(booking))));
            }
            for (Future<?> ack : acks) {
                ack.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("producing %s's views to Kafka failed: %s".formatted(day, e.getMessage()), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while producing %s's views".formatted(day), e);
        }
        Map<Long, Set<UUID>> ids = views.stream().collect(Collectors.groupingBy(HotelViewed::hotelId, Collectors.mapping(HotelViewed::eventId, Collectors.toSet())));
        Map<Long, Long> perHotel = new LinkedHashMap<>();
        hotels.forEach(hotel -> perHotel.put(hotel, (long) ids.getOrDefault(hotel, Set.of()).size()));
        return Optional.of(new Day(day, perHotel, views.size(), bookings.size()));
    }

    /**
     * Per hotel (the n-th of them): n holds and n confirmations of two nights a month ahead at
     * 12,000 × n cents; the first hotel's confirmations published twice, and a cancellation
     * refunding 6,000 and an expiry; sorted by {@code received_at}.
     */
    static List<PlatformEvent> bookings(Map<Long, Hotel> hotels, LocalDate day)
    {
        Random random = new Random(day.toEpochDay() + 1);
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        long span = Duration.ofDays(1).minusHours(1).toMillis();
        LocalDate stay = day.plusDays(30);
        List<PlatformEvent> events = new ArrayList<>();
        int n = 0;
        for (Map.Entry<Long, Hotel> entry : hotels.entrySet()) {
            n++;
            Map.Entry<Long, String> hotel = Map.entry(entry.getKey(), entry.getValue().currency());
            long roomType = entry.getValue().roomTypeId();
            for (int i = 0; i < n; i++) {
                Instant held = start.plusMillis((long) (random.nextDouble() * span));
                UUID reservation = new UUID(random.nextLong(), random.nextLong());
                long cents = 12_000L * n;
                events.add(new ReservationCreated(new UUID(random.nextLong(), random.nextLong()), held, null, hotel.getKey(), reservation, roomType, "history-guest-" + i,
                        stay, stay.plusDays(2), 1, cents, hotel.getValue(), held.plus(15, ChronoUnit.MINUTES)));
                ReservationConfirmed confirmed = new ReservationConfirmed(new UUID(random.nextLong(), random.nextLong()), held.plus(2, ChronoUnit.MINUTES), null,
                        hotel.getKey(), reservation, roomType, cents, hotel.getValue(), "history-payment-" + i, stay, stay.plusDays(2), 1,
                        List.of(cents / 2, cents - cents / 2));
                events.add(confirmed);
                if (n == 1) {
                    // sent again a minute later by a relay that crashed before marking it: the same event, stamped when sent
                    events.add(new ReservationConfirmed(confirmed.eventId(), confirmed.receivedAt().plus(1, ChronoUnit.MINUTES), null, confirmed.hotelId(),
                            confirmed.reservationId(), confirmed.roomTypeId(), confirmed.totalCents(), confirmed.currency(), confirmed.paymentId(),
                            confirmed.checkIn(), confirmed.checkOut(), confirmed.rooms(), confirmed.nightPricesCents()));
                }
            }
            if (n == 1) {
                Instant at = start.plusMillis((long) (random.nextDouble() * span));
                events.add(new ReservationCancelled(new UUID(random.nextLong(), random.nextLong()), at.plus(30, ChronoUnit.MINUTES), null, hotel.getKey(),
                        new UUID(random.nextLong(), random.nextLong()), roomType, 6_000, hotel.getValue(), "guest_cancelled"));
                events.add(new ReservationExpired(new UUID(random.nextLong(), random.nextLong()), at.plus(45, ChronoUnit.MINUTES), null, hotel.getKey(),
                        new UUID(random.nextLong(), random.nextLong()), roomType, hotel.getValue()));
            }
        }
        events.sort(Comparator.comparing(PlatformEvent::receivedAt));
        return events;
    }

    /**
     * 8, 16, 24, ... views per hotel at random times of {@code day} (the same ones for the same
     * day), from seven viewers, and a retry of every tenth; sorted by {@code received_at}.
     */
    static List<HotelViewed> views(List<Long> hotels, LocalDate day)
    {
        Random random = new Random(day.toEpochDay());
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        // retries land a minute after their view, so every view starts two minutes before midnight at the latest
        long span = Duration.ofDays(1).minusMinutes(2).toMillis();
        List<HotelViewed> views = new ArrayList<>();
        for (int i = 0; i < hotels.size(); i++) {
            for (int view = 0; view < 8 * (i + 1); view++) {
                HotelViewed viewed = new HotelViewed(new UUID(random.nextLong(), random.nextLong()), start.plusMillis((long) (random.nextDouble() * span)), null,
                        hotels.get(i), "history-viewer-" + view % 7, view % 2 == 0 ? "NL" : "DE", view % 3 == 0 ? "mobile" : "desktop");
                views.add(viewed);
                if (view % 10 == 0) {
                    views.add(new HotelViewed(viewed.eventId(), viewed.receivedAt().plus(1, ChronoUnit.MINUTES), null,
                            viewed.hotelId(), viewed.viewerId(), viewed.country(), viewed.device()));
                }
            }
        }
        views.sort(Comparator.comparing(HotelViewed::receivedAt));
        return views;
    }

    /** Records {@code hotel_view_events} holds over all its partitions (end offsets: a record deleted by retention still counts). */
    private static long viewsInKafka(String bootstrapServers)
    {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            int partitions = admin.describeTopics(List.of(Topics.HOTEL_VIEW_EVENTS)).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(Topics.HOTEL_VIEW_EVENTS).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, partitions).boxed()
                    .collect(Collectors.toMap(partition -> new TopicPartition(Topics.HOTEL_VIEW_EVENTS, partition), partition -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return ends.values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        }
        catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read %s's offsets: %s".formatted(Topics.HOTEL_VIEW_EVENTS, e.getMessage()), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading Kafka's offsets", e);
        }
    }
}
