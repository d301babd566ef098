package io.hotellambda.booking;

import com.fasterxml.jackson.databind.JsonNode;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.TestingClock;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.hotellambda.booking.TestReservations.START;
import static io.hotellambda.booking.TestReservations.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL frozen ({@code SIGSTOP}, every backend) for a minute while holds come due and the
 * outbox has rows to publish: the sweeper and the relay wait, then catch up; every hold expires
 * once, every event reaches Kafka once, nothing is lost.
 */
@ExtendWith(TestingLocalStack.class)
class TestPostgresOutage
{
    @Test
    void aMinuteWithoutPostgresDelaysTheSweeperAndTheRelayAndLosesNothing(LocalStack stack)
    {
        TestingClock clock = new TestingClock(START);
        try (TestingBookingApp booking = new TestingBookingApp(stack, clock, Duration.ofMillis(50));
                TestingKafkaReader events = new TestingKafkaReader(stack, Topics.BOOKING_EVENTS)) {
            TestingReservations api = new TestingReservations(booking);
            Map<TopicPartition, Long> mark = events.mark();
            String guest = api.guest();
            long hotel = api.hotel("Frozen Inn");
            long roomType = api.roomType(hotel, 10, 100);
            LocalDate checkIn = TODAY.plusDays(3);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(api.reserve(guest, hotel, roomType, checkIn, checkIn.plusDays(1), 1).json().get("reservation_id").asText());
            }

            stack.postgres().pause();
            try {
                assertThat(answers(booking.jdbcUrl())).as("PostgreSQL answers while paused").isFalse();
                // the holds come due while nothing can reach the database
                clock.advance(Duration.ofMinutes(11));
                long pausedAt = System.nanoTime();
                // a guest's pages say the outage (503, a page) within seconds, not a form error, not a hang
                for (String path : List.of("/?q=Frozen", "/hotels/%s?check_in=%s&check_out=%s".formatted(hotel, checkIn, checkIn.plusDays(1)))) {
                    TestingBookingApp.Response page = booking.get(path, Map.of("Accept", "text/html"));
                    assertThat(page.status()).as(path).isEqualTo(503);
                    assertThat(page.contentType()).as(path).startsWith("text/html");
                }
                assertThat(Duration.ofNanos(System.nanoTime() - pausedAt)).isLessThan(Duration.ofSeconds(20));
                // a scrape still answers, in seconds, and says what it could not read: unknown, not the last value
                for (int scrape = 0; scrape < 2; scrape++) {
                    long scrapedAt = System.nanoTime();
                    TestingBookingApp.Response metrics = booking.get("/metrics", Map.of());
                    assertThat(Duration.ofNanos(System.nanoTime() - scrapedAt)).as("a scrape while PostgreSQL is away").isLessThan(Duration.ofSeconds(6));
                    assertThat(metrics.status()).isEqualTo(200);
                    assertThat(metrics.body().lines()).contains("booking_reservations{status=\"held\"} NaN", "booking_outbox_backlog_rows NaN",
                            "booking_hold_sweeper_lag_seconds NaN");
                }
                sleep(Duration.ofSeconds(58).minusNanos(System.nanoTime() - pausedAt));
            }
            finally {
                stack.postgres().resume();
            }

            for (String id : ids) {
                api.awaitStatus(guest, id, "expired");
            }
            assertThat(api.night(hotel, roomType, checkIn).get("held").asInt()).isZero();
            List<ConsumerRecord<String, byte[]>> records = events.readUntil(mark,
                    read -> ids.stream().allMatch(id -> TestingKafkaReader.eventsOf(read, id).size() >= 2), Duration.ofSeconds(60));
            for (String id : ids) {
                List<JsonNode> published = TestingKafkaReader.eventsOf(records, id);
                assertThat(published).extracting(event -> event.get("type").asText()).as(id).containsExactly("reservation_created", "reservation_expired");
            }
            TestingReservations.await(() -> booking.get("/health", Map.of()).json().get("outbox_backlog").asLong() == 0, "the outbox to drain");
        }
    }

    /** Whether PostgreSQL answers a query within 2 s. */
    private static boolean answers(String jdbcUrl)
    {
        try (Connection connection = DriverManager.getConnection(jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "connectTimeout=2&socketTimeout=2", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
            return true;
        }
        catch (SQLException e) {
            return false;
        }
    }

    private static void sleep(Duration duration)
    {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
