package io.hotellambda.booking;

import io.hotellambda.infra.TestingClock;
import com.fasterxml.jackson.databind.JsonNode;
import io.hotellambda.booking.outbox.Outbox;
import io.hotellambda.booking.outbox.OutboxRelay;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.hotellambda.booking.TestReservations.START;
import static io.hotellambda.booking.TestReservations.TODAY;
import static io.hotellambda.booking.TestViewIngestion.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds that expire (on an injected clock, across a restart), idempotency keys, and the outbox:
 * what reaches {@code booking_events} is exactly the state changes PostgreSQL committed, also when
 * a relay dies between sending and marking.
 */
@ExtendWith(TestingLocalStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestHoldsAndOutbox
{
    private final TestingClock clock = new TestingClock(START);
    private LocalStack stack;
    private TestingBookingApp booking;
    private TestingReservations api;
    private TestingKafkaReader events;

    @BeforeAll
    void start(LocalStack stack)
    {
        this.stack = stack;
        booking = new TestingBookingApp(stack, clock, Duration.ofMillis(50));
        api = new TestingReservations(booking);
        events = new TestingKafkaReader(stack, Topics.BOOKING_EVENTS);
    }

    @AfterAll
    void stop()
    {
        events.close();
        booking.close();
    }

    @Test
    void aHoldExpiresOnTheClockAndItsNightsAreFreeAgainWithOneEvent()
    {
        Map<TopicPartition, Long> mark = events.mark();
        String guest = api.guest();
        long hotel = api.hotel("Expiring Inn");
        long roomType = api.roomType(hotel, 1, 100);
        LocalDate checkIn = TODAY.plusDays(4);
        String id = api.reserve(guest, hotel, roomType, checkIn, checkIn.plusDays(2), 1).json().get("reservation_id").asText();

        clock.advance(Duration.ofMinutes(9).plusSeconds(59));
        assertThat(statusAfterSweeps(guest, id)).isEqualTo("held");
        clock.advance(Duration.ofSeconds(1));
        api.awaitStatus(guest, id, "expired");

        assertThat(api.held(hotel, roomType, checkIn, checkIn.plusDays(2)).values()).containsOnly(0);
        List<JsonNode> published = TestingKafkaReader.eventsOf(events.readUntil(mark, records -> TestingKafkaReader.eventsOf(records, id).size() >= 2, Duration.ofSeconds(30)), id);
        assertThat(published).extracting(event -> event.get("type").asText()).containsExactly("reservation_created", "reservation_expired");
        assertProblem(api.cancel(guest, id), 409, "is expired");
    }

    @Test
    void aHoldExpiresEvenWhenBookingAppWasDownWhenItsTimeCame()
    {
        String guest = api.guest();
        long hotel = api.hotel("Restarting Inn");
        long roomType = api.roomType(hotel, 1, 100);
        LocalDate checkIn = TODAY.plusDays(6);
        String id = api.reserve(guest, hotel, roomType, checkIn, checkIn.plusDays(1), 1).json().get("reservation_id").asText();

        booking.stop();
        clock.advance(Duration.ofMinutes(11));
        booking.restart();

        api.awaitStatus(guest, id, "expired");
        assertThat(api.held(hotel, roomType, checkIn, checkIn.plusDays(1)).values()).containsOnly(0);
    }

    @Test
    void anIdempotentRetryReplaysTheFirstAnswerAndHoldsOnce()
            throws Exception
    {
        String guest = api.guest();
        long hotel = api.hotel("Retry Inn");
        long roomType = api.roomType(hotel, 30, 100);
        LocalDate checkIn = TODAY.plusDays(8);
        String body = TestingReservations.body(hotel, roomType, checkIn, checkIn.plusDays(1), 1);
        String key = UUID.randomUUID().toString();

        TestingBookingApp.Response first = api.reserve(guest, key, body);
        TestingBookingApp.Response retry = api.reserve(guest, key, body.replace(", ", ",  "));
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(api.held(hotel, roomType, checkIn, checkIn.plusDays(1)).values()).containsOnly(1);

        assertProblem(api.reserve(guest, key, TestingReservations.body(hotel, roomType, checkIn, checkIn.plusDays(1), 2)), 422, "different request");
        // another guest's key of the same name is another key
        assertThat(api.reserve(api.guest(), key, body).status()).isEqualTo(201);

        String concurrentKey = UUID.randomUUID().toString();
        List<TestingBookingApp.Response> answers = TestReservations.race(20, i -> api.reserve(guest, concurrentKey, body));
        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isIn(201, 409));
        Set<String> reservations = new LinkedHashSet<>();
        answers.stream().filter(answer -> answer.status() == 201).forEach(answer -> reservations.add(answer.json().get("reservation_id").asText()));
        assertThat(reservations).hasSize(1);
        assertThat(api.held(hotel, roomType, checkIn, checkIn.plusDays(1)).values()).containsOnly(3);
    }

    /**
     * A relay that dies between sending and marking: the test holds the relay lock itself, so
     * booking-app's relay waits; it sends the backlog and dies; booking-app's relay takes over
     * and sends the same rows again. Kafka then holds every state change, under the outbox's
     * event ids, in order per reservation, some twice: never one missing.
     */
    @Test
    void booking_eventsEqualsTheCommittedStateChangesAfterARelayDiesBetweenSendAndMark()
            throws Exception
    {
        Map<TopicPartition, Long> mark = events.mark();
        booking.stop();
        Connection dying = DriverManager.getConnection(booking.jdbcUrl(), "postgres", "");
        try (PreparedStatement lock = dying.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, OutboxRelay.LOCK_KEY);
            lock.execute();
        }
        booking.restart();
        String guest = api.guest();
        long hotel = api.hotel("Outbox Inn");
        long roomType = api.roomType(hotel, 10, 100);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            LocalDate checkIn = TODAY.plusDays(2 + i);
            ids.add(api.reserve(guest, hotel, roomType, checkIn, checkIn.plusDays(2), 1).json().get("reservation_id").asText());
        }
        api.cancel(guest, ids.get(1));
        api.cancel(guest, ids.get(4));
        JsonNode health = booking.get("/health", Map.of()).json();
        assertThat(health.get("outbox_backlog").asLong()).isGreaterThanOrEqualTo(8);

        List<Outbox.Row> sentByTheDyingRelay;
        try (Producer<String, byte[]> producer = io.hotellambda.booking.views.EventPublisher.kafkaProducer(stack.kafka().bootstrapServers(), Duration.ofSeconds(10))) {
            OutboxRelay relay = new OutboxRelay(() -> dying, new Outbox(new EventCodec()), producer, clock, 500, Duration.ofSeconds(10));
            sentByTheDyingRelay = relay.send();
        }
        dying.close();
        assertThat(sentByTheDyingRelay).hasSizeGreaterThanOrEqualTo(8);

        Map<String, List<String>> committed = committedEvents(ids);
        int expected = committed.values().stream().mapToInt(List::size).sum();
        List<ConsumerRecord<String, byte[]>> records = events.readAtLeast(mark, expected + sentByTheDyingRelay.size(), Duration.ofSeconds(30));
        Map<String, List<String>> published = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        int duplicates = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            JsonNode event = TestingKafkaReader.parse(record.value());
            String reservation = event.path("reservation_id").asText();
            if (!committed.containsKey(reservation)) {
                continue;
            }
            assertThat(record.key()).isEqualTo(Long.toString(hotel));
            if (seen.add(event.get("event_id").asText())) {
                published.computeIfAbsent(reservation, key -> new ArrayList<>()).add(event.get("event_id").asText() + " " + event.get("type").asText());
            }
            else {
                duplicates++;
            }
        }
        assertThat(published).isEqualTo(committed);
        long sentForThese = sentByTheDyingRelay.stream().filter(row -> committed.containsKey(row.aggregateId().toString())).count();
        assertThat(sentForThese).isEqualTo(expected);
        assertThat(duplicates).as("every event the dying relay sent, sent again").isEqualTo(expected);
        awaitBacklogEmpty();
    }

    /** Each reservation's outbox events, in commit order, as "event_id type". */
    private Map<String, List<String>> committedEvents(List<String> reservations)
            throws SQLException
    {
        Map<String, List<String>> committed = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(booking.jdbcUrl(), "postgres", "");
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT aggregate_id::text, event_id::text, event_type FROM booking_outbox WHERE aggregate_id::text = ANY (?) ORDER BY id")) {
            statement.setArray(1, connection.createArrayOf("text", reservations.toArray()));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    committed.computeIfAbsent(result.getString(1), key -> new ArrayList<>()).add(result.getString(2) + " " + result.getString(3));
                }
            }
        }
        assertThat(committed).hasSize(reservations.size());
        return committed;
    }

    private void awaitBacklogEmpty()
    {
        TestingReservations.await(() -> booking.get("/health", Map.of()).json().get("outbox_backlog").asLong() == 0, "the outbox to drain");
    }

    private String statusAfterSweeps(String guest, String id)
    {
        try {
            // several sweeper rounds (every 50 ms)
            Thread.sleep(300);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return api.read(guest, id).json().get("status").asText();
    }

}
