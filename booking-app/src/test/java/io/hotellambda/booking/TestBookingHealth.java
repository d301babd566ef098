package io.hotellambda.booking;

import io.hotellambda.booking.outbox.Outbox;
import io.hotellambda.booking.views.EventPublisher;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** When {@code /health} says {@code degraded}, and why; {@link TestKafkaOutage} shows it on a real outage. */
class TestBookingHealth
{
    private static final Duration LATE = Duration.ofSeconds(10);

    @Test
    void okWhileKafkaTakesEventsAndTheOutboxKeepsUp()
    {
        Map<String, Object> health = health(new Outbox.Backlog(3, LATE), Optional.empty());
        assertThat(health).containsEntry("status", "ok").containsEntry("problems", List.of()).containsEntry("outbox_backlog", 3L);
    }

    @Test
    void degradedWhileTheLatestSendFailed()
    {
        Instant at = Instant.parse("2026-12-07T23:50:01Z");
        Map<String, Object> health = health(new Outbox.Backlog(0, Duration.ZERO),
                Optional.of(new EventPublisher.Outcome(at, new TimeoutException("Expiring 1 record(s)"))));
        assertThat(health).containsEntry("status", "degraded");
        assertThat(problems(health)).singleElement().asString()
                .startsWith("Kafka did not acknowledge the latest events sent to it (at 2026-12-07T23:50:01Z")
                .contains("Expiring 1 record(s)");
    }

    @Test
    void aFailureWithoutAMessageIsNamed()
    {
        // what the publisher's own safety-net timeout completes with
        Map<String, Object> health = health(new Outbox.Backlog(0, Duration.ZERO),
                Optional.of(new EventPublisher.Outcome(Instant.EPOCH, new java.util.concurrent.TimeoutException())));
        assertThat(problems(health)).singleElement().asString().contains("(at 1970-01-01T00:00:00Z: TimeoutException)");
    }

    @Test
    void degradedOnceTheOldestOutboxRowIsLate()
    {
        Map<String, Object> health = health(new Outbox.Backlog(2, LATE.plusMillis(1)), Optional.empty());
        assertThat(health).containsEntry("status", "degraded");
        assertThat(problems(health)).singleElement().asString()
                .isEqualTo("the oldest unpublished booking event is 10.001 s old (more than 10.0 s): booking_events is behind");
    }

    @Test
    void bothProblemsAreSaid()
    {
        Map<String, Object> health = health(new Outbox.Backlog(2, Duration.ofMinutes(2)),
                Optional.of(new EventPublisher.Outcome(Instant.EPOCH, new TimeoutException("away"))));
        assertThat(problems(health)).hasSize(2);
    }

    private static Map<String, Object> health(Outbox.Backlog backlog, Optional<EventPublisher.Outcome> failing)
    {
        return new BookingMetrics(() -> backlog, LATE, () -> failing, () -> 0, () -> 0, () -> 0, () -> 0, () -> 0).health();
    }

    @SuppressWarnings("unchecked")
    private static List<String> problems(Map<String, Object> health)
    {
        return (List<String>) health.get("problems");
    }
}
