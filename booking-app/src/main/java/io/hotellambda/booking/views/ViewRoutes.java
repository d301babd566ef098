package io.hotellambda.booking.views;

import io.hotellambda.http.JsonBodies;
import io.hotellambda.http.ProblemException;
import io.hotellambda.http.ProblemMapper;
import io.hotellambda.schemas.Checks;
import io.hotellambda.schemas.HotelViewed;
import io.hotellambda.schemas.ValidationException;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * View ingestion: {@code POST /v1/views} and {@code POST /v1/views/batch}. The server stamps
 * {@code received_at}, keeps a client's {@code event_id} (or assigns one), and answers 202 only
 * after Kafka acknowledged every event. A batch is all or nothing at validation: one bad event
 * and nothing is sent. When Kafka is away the answer is a 503 within the produce timeout that
 * carries the event ids, so a retry with those ids cannot be counted twice downstream.
 * <p>
 * Responses are written on {@code responses}, not on the Kafka producer's single I/O thread
 * that completes the acknowledgement: otherwise every response queues behind that one thread.
 */
public final class ViewRoutes
{
    private static final int MAX_LISTED_ERRORS = 20;

    private final HotelDirectory directory;
    private final EventPublisher publisher;
    private final JsonBodies bodies;
    private final ProblemMapper problems;
    private final Clock clock;
    private final Executor responses;
    private final int maxBatchEvents;
    private final long maxBatchBytes;
    private final long maxRequestBytes;

    public ViewRoutes(HotelDirectory directory, EventPublisher publisher, JsonBodies bodies, ProblemMapper problems, Clock clock, Executor responses, int maxBatchEvents, long maxBatchBytes, long maxRequestBytes)
    {
        this.directory = directory;
        this.publisher = publisher;
        this.bodies = bodies;
        this.problems = problems;
        this.clock = clock;
        this.responses = responses;
        this.maxBatchEvents = maxBatchEvents;
        this.maxBatchBytes = maxBatchBytes;
        this.maxRequestBytes = maxRequestBytes;
    }

    public void register(Javalin app)
    {
        app.post("/v1/views", this::single);
        app.post("/v1/views/batch", this::batch);
    }

    private void single(Context ctx)
    {
        ViewRequest request = bodies.read(ctx, ViewRequest.class, maxRequestBytes);
        Instant receivedAt = now();
        HotelViewed event = toEvent(request, receivedAt);
        if (!directory.isActive(event.hotelId())) {
            throw ProblemException.notFound("Hotel[%s] not found".formatted(event.hotelId()));
        }
        respondWhenAcknowledged(ctx, List.of(event), Map.of("event_id", event.eventId(), "received_at", receivedAt.toEpochMilli()));
    }

    private void batch(Context ctx)
    {
        ViewBatchRequest request = bodies.read(ctx, ViewBatchRequest.class, maxBatchBytes);
        if (request.events() == null || request.events().isEmpty()) {
            throw ProblemException.badRequest("field[events] must hold 1 to %s events: {\"events\": [...]}".formatted(maxBatchEvents));
        }
        if (request.events().size() > maxBatchEvents) {
            throw ProblemException.tooLarge("a batch holds at most %s events; this one has %s".formatted(maxBatchEvents, request.events().size()));
        }
        Instant receivedAt = now();
        List<HotelViewed> events = new ArrayList<>(request.events().size());
        List<Map<String, Object>> errors = new ArrayList<>();
        int invalid = 0;
        for (int index = 0; index < request.events().size(); index++) {
            try {
                ViewRequest view = request.events().get(index);
                if (view == null) {
                    throw new ValidationException("an event must be a JSON object");
                }
                events.add(toEvent(view, receivedAt));
            }
            catch (ValidationException e) {
                invalid++;
                if (errors.size() < MAX_LISTED_ERRORS) {
                    errors.add(Map.of("index", index, "detail", e.getMessage()));
                }
            }
        }
        if (invalid > 0) {
            throw new ProblemException(400, "Bad Request", "%s of %s events are invalid; none was accepted".formatted(invalid, request.events().size()), Map.of("errors", errors), Map.of());
        }
        Set<Long> hotelIds = new LinkedHashSet<>();
        events.forEach(event -> hotelIds.add(event.hotelId()));
        Set<Long> unknown = directory.unknownAmong(hotelIds);
        if (!unknown.isEmpty()) {
            throw new ProblemException(422, "Unprocessable Content", "the batch names hotels that do not exist; none was accepted", Map.of("unknown_hotel_ids", unknown.stream().sorted().toList()), Map.of());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", events.size());
        body.put("received_at", receivedAt.toEpochMilli());
        body.put("event_ids", events.stream().map(HotelViewed::eventId).toList());
        respondWhenAcknowledged(ctx, events, body);
    }

    private void respondWhenAcknowledged(Context ctx, List<HotelViewed> events, Map<String, Object> body)
    {
        ctx.future(() -> publisher.publish(events).handleAsync((ignored, error) -> {
            if (error == null) {
                ctx.status(202).json(body);
            }
            else {
                problems.render(ctx, ProblemException.unavailable(
                        "Kafka did not acknowledge the events in time (%s); retry with the same event_ids".formatted(error.getClass().getSimpleName()),
                        Map.of("event_ids", events.stream().map(HotelViewed::eventId).toList())));
            }
            return null;
        }, responses));
    }

    private Instant now()
    {
        return Instant.ofEpochMilli(clock.millis());
    }

    /**
     * A client's view as an event. {@code country} must be an ISO 3166-1 alpha-2 code as the
     * standard writes it ({@code NL}, {@code ZZ} when unknown): {@code nl} or {@code XX} is refused,
     * not guessed at. {@code occurred_at}, the client's clock, may be at most a day ahead of
     * ours and no earlier than {@link #EARLIEST_OCCURRED_AT}.
     */
    static HotelViewed toEvent(ViewRequest request, Instant receivedAt)
    {
        Checks.required(request.hotelId(), "hotel_id");
        if (request.country() != null) {
            Checks.isoCountryCode(request.country(), "country");
        }
        return new HotelViewed(
                request.eventId() != null ? request.eventId() : UUID.randomUUID(),
                receivedAt,
                request.occurredAt() == null ? null : occurredAt(request.occurredAt(), receivedAt),
                request.hotelId(),
                request.viewerId(),
                request.country(),
                request.device() == null ? null : request.device().toLowerCase(Locale.ROOT));
    }

    static final Instant EARLIEST_OCCURRED_AT = Instant.parse("2000-01-01T00:00:00Z");
    private static final Duration MAX_CLOCK_AHEAD = Duration.ofDays(1);

    private static Instant occurredAt(long epochMillis, Instant receivedAt)
    {
        Instant latest = receivedAt.plus(MAX_CLOCK_AHEAD);
        if (epochMillis < EARLIEST_OCCURRED_AT.toEpochMilli() || epochMillis > latest.toEpochMilli()) {
            throw new ValidationException("field[occurred_at] %s must be epoch milliseconds from %s (%s) to a day after now (%s)"
                    .formatted(epochMillis, EARLIEST_OCCURRED_AT.toEpochMilli(), EARLIEST_OCCURRED_AT, latest.toEpochMilli()));
        }
        return Instant.ofEpochMilli(epochMillis);
    }
}
