package io.hotellambda.booking;

import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.Topics;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.hotellambda.booking.TestViewIngestion.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(TestingLocalStack.class)
class TestKafkaOutage
{
    @Test
    void kafkaDownIsA503WithinTheBoundHealthSaysDegradedAndServiceRecoversByItself(LocalStack stack)
            throws InterruptedException
    {
        // a produce timeout long enough that waiting for Kafka and not waiting differ by seconds,
        // not by a busy machine's hiccup: a send may block for max.block.ms (half of it, 3 s)
        Duration produceTimeout = Duration.ofSeconds(6);
        try (TestingBookingApp booking = new TestingBookingApp(stack, produceTimeout); TestingKafkaReader views = new TestingKafkaReader(stack, Topics.HOTEL_VIEW_EVENTS)) {
            long hotel = booking.createHotel("Dyke View", "Volendam", 3);
            assertThat(booking.post("/v1/views", view(hotel, UUID.randomUUID())).status()).isEqualTo(202);

            stack.kafka().stop();
            try {
                UUID duringOutage = UUID.randomUUID();
                long start = System.nanoTime();
                TestingBookingApp.Response response = booking.post("/v1/views", view(hotel, duringOutage));
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

                assertProblem(response, 503, "Kafka did not acknowledge the events in time");
                assertThat(response.header("Retry-After")).hasValue("1");
                assertThat(response.json().get("event_ids").get(0).asText()).isEqualTo(duringOutage.toString());
                // the answer never hangs past the produce timeout by much
                assertThat(elapsed).isLessThan(produceTimeout.plusSeconds(4));

                TestingBookingApp.Response batch = booking.post("/v1/views/batch", "{\"events\": [%s, %s]}".formatted(view(hotel, UUID.randomUUID()), view(hotel, UUID.randomUUID())));
                assertProblem(batch, 503, "retry with the same event_ids");
                assertThat(batch.json().get("event_ids")).hasSize(2);

                // a search and a hotel page do not wait for Kafka (not even for the producer's first
                // look for a topic's partitions): they answer, and their unconfirmed events are counted
                // (one that did would take max.block.ms, 3 s, or more)
                long readStart = System.nanoTime();
                assertThat(booking.get("/v1/search?city=Volendam", Map.of()).status()).isEqualTo(200);
                assertThat(booking.get("/v1/hotels/" + hotel, Map.of()).status()).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - readStart)).isLessThan(produceTimeout.dividedBy(2));
                TestingReservations.await(() -> booking.get("/health", Map.of()).json().get("searches_unconfirmed").asLong() == 1
                        && booking.get("/health", Map.of()).json().get("page_views_unconfirmed").asLong() == 1, "the search and the page view sent during the outage to be counted as unconfirmed");
                assertThat(booking.get("/metrics", Map.of()).body()).contains("booking_searches_unconfirmed_total 1").contains("booking_page_views_unconfirmed_total 1");
                // booking-app still answers, so /health is a 200, and says what is wrong
                TestingBookingApp.Response health = booking.get("/health", Map.of());
                assertThat(health.status()).isEqualTo(200);
                assertThat(health.json().get("status").asText()).isEqualTo("degraded");
                assertThat(health.json().get("problems").get(0).asText()).startsWith("Kafka did not acknowledge the latest events sent to it");
            }
            finally {
                stack.kafka().restart();
            }

            Map<TopicPartition, Long> mark = views.mark();
            UUID afterRecovery = UUID.randomUUID();
            TestingBookingApp.Response recovered = retryUntilAccepted(booking, view(hotel, afterRecovery), Duration.ofSeconds(60));
            assertThat(recovered.json().get("event_id").asText()).isEqualTo(afterRecovery.toString());
            EventCodec codec = new EventCodec();
            assertThat(views.readAtLeast(mark, 1, Duration.ofSeconds(30)))
                    .extracting(record -> codec.decode(record.value()).eventId())
                    .contains(afterRecovery);
            // one acknowledged send and it is over
            assertThat(booking.get("/health", Map.of()).json().get("status").asText()).isEqualTo("ok");
            assertThat(booking.get("/health", Map.of()).json().get("problems")).isEmpty();
        }
    }

    private static TestingBookingApp.Response retryUntilAccepted(TestingBookingApp booking, String body, Duration timeout)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        TestingBookingApp.Response response;
        do {
            response = booking.post("/v1/views", body);
            if (response.status() == 202) {
                return response;
            }
            assertThat(response.status()).isEqualTo(503);
            Thread.sleep(250);
        }
        while (System.nanoTime() < deadline);
        throw new AssertionError("booking-app did not recover within %s: %s".formatted(timeout, response));
    }

    private static String view(long hotelId, UUID eventId)
    {
        return "{\"hotel_id\": %s, \"viewer_id\": \"v-outage\", \"country\": \"NL\", \"device\": \"desktop\", \"event_id\": \"%s\"}".formatted(hotelId, eventId);
    }
}
