package io.hotellambda.booking;

import com.fasterxml.jackson.databind.JsonNode;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.HotelViewed;
import io.hotellambda.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(TestingLocalStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestViewIngestion
{
    private final EventCodec codec = new EventCodec();
    private TestingBookingApp booking;
    private TestingKafkaReader views;
    private long amsterdam;
    private long rotterdam;

    @BeforeAll
    void start(LocalStack stack)
    {
        booking = new TestingBookingApp(stack);
        views = new TestingKafkaReader(stack, Topics.HOTEL_VIEW_EVENTS);
        amsterdam = booking.createHotel("Canal House", "Amsterdam", 4, "wifi");
        rotterdam = booking.createHotel("Harbour Inn", "Rotterdam", 3);
    }

    @AfterAll
    void stop()
    {
        views.close();
        booking.close();
    }

    @Test
    void acceptedViewIsExactlyTheEventInKafka()
    {
        Map<TopicPartition, Long> mark = views.mark();
        long before = System.currentTimeMillis();

        TestingBookingApp.Response response = booking.post("/v1/views", """
                {"hotel_id": %s, "viewer_id": "viewer-1", "country": "NL", "device": "Mobile", "occurred_at": 1795391999870}
                """.formatted(amsterdam));

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        UUID eventId = UUID.fromString(response.json().get("event_id").asText());
        long receivedAt = response.json().get("received_at").asLong();
        assertThat(receivedAt).isBetween(before, System.currentTimeMillis());

        List<ConsumerRecord<String, byte[]>> records = views.readAtLeast(mark, 1, Duration.ofSeconds(30));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo(Long.toString(amsterdam));
        assertThat(codec.decode(records.get(0).value())).isEqualTo(new HotelViewed(
                eventId, Instant.ofEpochMilli(receivedAt), Instant.ofEpochMilli(1795391999870L), amsterdam, "viewer-1", "NL", "mobile"));
    }

    @Test
    void batchOfAThousandLandsAThousandRecordsWithTheirIds()
    {
        Map<TopicPartition, Long> mark = views.mark();
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.add(Map.of("hotel_id", i % 3 == 0 ? rotterdam : amsterdam, "viewer_id", "viewer-" + i, "country", i % 2 == 0 ? "NL" : "DE", "device", i % 5 == 0 ? "desktop" : "mobile"));
        }

        TestingBookingApp.Response response = booking.post("/v1/views/batch", booking.toJson(Map.of("events", events)));

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.json().get("accepted").asInt()).isEqualTo(1000);
        List<UUID> ids = new ArrayList<>();
        response.json().get("event_ids").forEach(id -> ids.add(UUID.fromString(id.asText())));
        assertThat(Set.copyOf(ids)).hasSize(1000);
        long receivedAt = response.json().get("received_at").asLong();

        List<ConsumerRecord<String, byte[]>> records = views.readAtLeast(mark, 1000, Duration.ofSeconds(60));
        assertThat(records).hasSize(1000);
        Map<UUID, HotelViewed> produced = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            HotelViewed event = (HotelViewed) codec.decode(record.value());
            assertThat(record.key()).isEqualTo(Long.toString(event.hotelId()));
            produced.put(event.eventId(), event);
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(produced.get(ids.get(i))).isEqualTo(new HotelViewed(ids.get(i), Instant.ofEpochMilli(receivedAt), null,
                    i % 3 == 0 ? rotterdam : amsterdam, "viewer-" + i, i % 2 == 0 ? "NL" : "DE", i % 5 == 0 ? "desktop" : "mobile"));
        }
    }

    @Test
    void retryWithTheSameEventIdKeepsThatId()
    {
        Map<TopicPartition, Long> mark = views.mark();
        UUID eventId = UUID.randomUUID();
        String body = """
                {"hotel_id": %s, "viewer_id": "retrying-client", "country": "BE", "device": "tablet", "event_id": "%s"}
                """.formatted(amsterdam, eventId);

        TestingBookingApp.Response first = booking.post("/v1/views", body);
        TestingBookingApp.Response retry = booking.post("/v1/views", body);

        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(first.json().get("event_id").asText()).isEqualTo(eventId.toString());
        assertThat(retry.json().get("event_id").asText()).isEqualTo(eventId.toString());
        List<ConsumerRecord<String, byte[]>> records = views.readAtLeast(mark, 2, Duration.ofSeconds(30));
        // both deliveries carry the client's id, so every downstream count sees one event
        assertThat(records).extracting(record -> codec.decode(record.value()).eventId()).containsExactly(eventId, eventId);
    }

    @Test
    void readingAHotelPageRecordsAView()
    {
        Map<TopicPartition, Long> mark = views.mark();

        TestingBookingApp.Response response = booking.get("/v1/hotels/" + rotterdam, Map.of("X-Viewer-Id", "page-reader", "X-Country", "fr", "User-Agent", "Mozilla/5.0 (iPhone; Mobile)"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("name").asText()).isEqualTo("Harbour Inn");
        List<ConsumerRecord<String, byte[]>> records = views.readAtLeast(mark, 1, Duration.ofSeconds(30));
        assertThat(records).singleElement().satisfies(record -> {
            HotelViewed event = (HotelViewed) codec.decode(record.value());
            assertThat(event.hotelId()).isEqualTo(rotterdam);
            assertThat(event.viewerId()).isEqualTo("page-reader");
            assertThat(event.country()).isEqualTo("FR");
            assertThat(event.device()).isEqualTo("mobile");
        });
    }

    @Test
    void malformedJsonIsABadRequest()
    {
        assertProblem(booking.post("/v1/views", "{\"hotel_id\": 12,"), 400, "malformed JSON");
        assertProblem(booking.post("/v1/views", ""), 400, "the request body is empty");
        assertProblem(booking.post("/v1/views", "{\"hotel_id\": \"twelve\", \"viewer_id\": \"v\", \"country\": \"NL\", \"device\": \"mobile\"}"), 400, "field[hotel_id] has the wrong type");
        assertProblem(booking.post("/v1/views", "{\"hotel_id\": 1, \"viewer\": \"v\"}"), 400, "unknown field[viewer]");
    }

    @Test
    void outOfRangeFieldsAreBadRequestsNamingTheField()
    {
        assertProblem(booking.post("/v1/views", view(-5, "mobile")), 400, "field[hotel_id] must be positive, got -5");
        assertProblem(booking.post("/v1/views", view(amsterdam, "fridge")), 400, "field[device] must be one of");
        assertProblem(booking.post("/v1/views", "{\"hotel_id\": %s, \"country\": \"NL\", \"device\": \"mobile\"}".formatted(amsterdam)), 400, "field[viewer_id] is required");
    }

    @Test
    void unknownHotelIsNotFound()
    {
        assertProblem(booking.post("/v1/views", view(987_654_321, "mobile")), 404, "Hotel[987654321] not found");
    }

    @Test
    void batchNamingAnUnknownHotelIsRejectedWhole()
    {
        Map<TopicPartition, Long> mark = views.mark();
        String body = "{\"events\": [%s, %s]}".formatted(view(amsterdam, "mobile"), view(987_654_321, "mobile"));

        TestingBookingApp.Response response = booking.post("/v1/views/batch", body);

        assertProblem(response, 422, "the batch names hotels that do not exist; none was accepted");
        assertThat(response.json().get("unknown_hotel_ids").get(0).asLong()).isEqualTo(987_654_321L);
        assertThat(views.readAtLeast(mark, 0, Duration.ZERO)).isEmpty();
    }

    @Test
    void batchWithInvalidEventsListsThemAndAcceptsNone()
    {
        Map<TopicPartition, Long> mark = views.mark();
        String body = "{\"events\": [%s, %s, %s]}".formatted(view(amsterdam, "mobile"), view(-1, "mobile"), view(amsterdam, "toaster"));

        TestingBookingApp.Response response = booking.post("/v1/views/batch", body);

        assertProblem(response, 400, "2 of 3 events are invalid; none was accepted");
        JsonNode errors = response.json().get("errors");
        assertThat(errors.get(0).get("index").asInt()).isEqualTo(1);
        assertThat(errors.get(0).get("detail").asText()).contains("field[hotel_id] must be positive");
        assertThat(errors.get(1).get("index").asInt()).isEqualTo(2);
        assertThat(views.readAtLeast(mark, 0, Duration.ZERO)).isEmpty();
    }

    @Test
    void oversizedBatchIsContentTooLarge()
    {
        String oneView = view(amsterdam, "mobile");
        String body = "{\"events\": [" + String.join(",", java.util.Collections.nCopies(1001, oneView)) + "]}";

        assertProblem(booking.post("/v1/views/batch", body), 413, "a batch holds at most 1000 events; this one has 1001");
    }

    @Test
    void bodyOverTheByteLimitIsContentTooLarge()
    {
        String huge = "{\"hotel_id\": 1, \"viewer_id\": \"" + "x".repeat(70 * 1024) + "\"}";

        assertProblem(booking.post("/v1/views", huge), 413, "over the limit of 65536 bytes");
    }

    @Test
    void unknownRouteIsAProblemToo()
    {
        assertProblem(booking.post("/v1/viewz", "{}"), 404, "POST /v1/viewz not found");
    }

    private static String view(long hotelId, String device)
    {
        return "{\"hotel_id\": %s, \"viewer_id\": \"v-1\", \"country\": \"NL\", \"device\": \"%s\"}".formatted(hotelId, device);
    }

    static void assertProblem(TestingBookingApp.Response response, int status, String detail)
    {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("type").asText()).isEqualTo("about:blank");
        assertThat(problem.get("instance").asText()).startsWith("/");
        assertThat(problem.get("detail").asText()).contains(detail);
    }
}
