package io.hotellambda.infra;

import io.hotellambda.schemas.BookingMetric;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.HotelEvent;
import io.hotellambda.schemas.PlatformEvent;
import io.hotellambda.schemas.ReservationConfirmed;
import io.hotellambda.schemas.HotelViewed;
import io.hotellambda.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(TestingLocalStack.class)
class TestSampleHistory
{
    private static final LocalDate DAY = LocalDate.of(2026, 11, 30);
    private static final Map<Long, SampleHistory.Hotel> CURRENCIES = new java.util.LinkedHashMap<>(Map.of(11L, new SampleHistory.Hotel("EUR", 21)));
    private static final List<Long> HOTELS = List.of(11L, 12L, 13L);

    static {
        CURRENCIES.put(12L, new SampleHistory.Hotel("USD", 23));
        CURRENCIES.put(13L, new SampleHistory.Hotel("EUR", 25));
    }

    @Test
    void aFreshPlatformGetsTheDaysViewsOnceInReceivedAtOrderWithRetries(LocalStack stack, @TempDir Path state)
            throws IOException
    {
        Path checkpoint = state.resolve("checkpoint");
        Files.createDirectories(checkpoint);
        assertThat(SampleHistory.produceIfFresh(stack.kafka().bootstrapServers(), CURRENCIES, DAY, List.of(state.resolve("archive"), checkpoint)))
                .as("a consumer has run before").isEmpty();
        assertThat(readAll(stack, 0)).isEmpty();

        Optional<SampleHistory.Day> produced = SampleHistory.produceIfFresh(stack.kafka().bootstrapServers(), CURRENCIES, DAY, List.of(state.resolve("archive")));

        assertThat(produced).isPresent();
        assertThat(produced.get().views()).containsExactly(Map.entry(11L, 8L), Map.entry(12L, 16L), Map.entry(13L, 24L));
        // 48 views, and a retry of every tenth view of each hotel: 1 + 2 + 3
        assertThat(produced.get().records()).isEqualTo(54);
        // hotel 11: a hold, its confirmation twice, a cancellation, an expiry; 12: two holds and confirmations; 13: three
        assertThat(produced.get().bookingEvents()).isEqualTo(15);

        List<ConsumerRecord<String, byte[]>> records = readAll(stack, 54);
        EventCodec codec = new EventCodec();
        List<HotelViewed> views = records.stream().map(record -> (HotelViewed) codec.decode(record.value())).toList();
        Instant start = DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(views).allSatisfy(view -> {
            assertThat(view.receivedAt()).isAfterOrEqualTo(start).isBefore(start.plus(Duration.ofDays(1)));
            assertThat(HOTELS).contains(view.hotelId());
        });
        assertThat(records).allSatisfy(record -> assertThat(record.key()).isEqualTo(codec.decode(record.value()).partitionKey()));
        Map<Long, Long> distinct = views.stream().collect(Collectors.groupingBy(HotelViewed::hotelId, Collectors.collectingAndThen(
                Collectors.mapping(HotelViewed::eventId, Collectors.toSet()), ids -> (long) ids.size())));
        assertThat(distinct).isEqualTo(produced.get().views());
        // each partition holds its views in received_at order, as booking-app's clock would give them
        Map<Integer, List<Instant>> byPartition = new HashMap<>();
        records.forEach(record -> byPartition.computeIfAbsent(record.partition(), partition -> new ArrayList<>()).add(codec.decode(record.value()).receivedAt()));
        assertThat(byPartition.values()).allSatisfy(times -> assertThat(times).isSorted());

        assertThat(SampleHistory.produceIfFresh(stack.kafka().bootstrapServers(), CURRENCIES, DAY, List.of())).as("Kafka already holds views").isEmpty();
        assertThat(readAll(stack, 54)).hasSize(54);
    }

    @Test
    void theDaysBookingsAreInEachHotelsCurrencyAndRoomTypeInReceivedAtOrder()
    {
        List<PlatformEvent> bookings = SampleHistory.bookings(CURRENCIES, DAY);

        assertThat(bookings).extracting(PlatformEvent::receivedAt).isSorted();
        assertThat(bookings).allSatisfy(event -> assertThat(BookingMetric.of(event).orElseThrow().currency())
                .isEqualTo(CURRENCIES.get(((HotelEvent) event).hotelId()).currency()));
        assertThat(bookings.stream().filter(event -> event instanceof ReservationConfirmed)).allSatisfy(event ->
                assertThat(((ReservationConfirmed) event).roomTypeId()).isEqualTo(CURRENCIES.get(((HotelEvent) event).hotelId()).roomTypeId()));
        assertThat(bookings.stream().filter(event -> event instanceof ReservationConfirmed).map(PlatformEvent::eventId).distinct().count()).isEqualTo(6);
        assertThat(SampleHistory.bookings(CURRENCIES, DAY)).isEqualTo(bookings);
    }

    @Test
    void theSameDayGivesTheSameViews()
    {
        assertThat(SampleHistory.views(HOTELS, DAY)).isEqualTo(SampleHistory.views(HOTELS, DAY));
        assertThat(SampleHistory.views(HOTELS, DAY)).isNotEqualTo(SampleHistory.views(HOTELS, DAY.plusDays(1)));
    }

    /** Every record of hotel_view_events, polling until {@code expected} arrived and a second more. */
    private static List<ConsumerRecord<String, byte[]>> readAll(LocalStack stack, int expected)
    {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, Topics.DEFAULT_PARTITIONS).mapToObj(partition -> new TopicPartition(Topics.HOTEL_VIEW_EVENTS, partition)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
            return records;
        }
    }
}
