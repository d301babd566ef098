package io.hotellambda.booking.reservations;

import io.hotellambda.booking.auth.Authenticator;
import io.hotellambda.booking.auth.Principal;
import io.hotellambda.booking.catalog.HotelRoutes;
import io.hotellambda.booking.idempotency.IdempotencyKeys.StoredResponse;
import io.hotellambda.http.JsonBodies;
import io.hotellambda.http.ProblemException;
import io.hotellambda.http.QueryParameters;
import io.hotellambda.schemas.Checks;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Guests hold, read and cancel reservations; a hotel's staff read and cancel the hotel's. Every
 * unsafe call takes an {@code Idempotency-Key}: its first answer is stored and replayed byte for byte.
 */
public final class ReservationRoutes
{
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 100;
    private static final int MAX_KEY_LENGTH = 255;

    private final ReservationService reservations;
    private final Authenticator authenticator;
    private final JsonBodies bodies;
    private final long maxRequestBytes;

    public ReservationRoutes(ReservationService reservations, Authenticator authenticator, JsonBodies bodies, long maxRequestBytes)
    {
        this.reservations = reservations;
        this.authenticator = authenticator;
        this.bodies = bodies;
        this.maxRequestBytes = maxRequestBytes;
    }

    public void register(Javalin app)
    {
        app.post("/v1/reservations", this::reserve);
        app.get("/v1/reservations/{id}", this::read);
        app.post("/v1/reservations/{id}/cancel", this::cancel);
        app.get("/v1/reservations/{id}/cancellation", this::cancellationQuote);
        app.get("/v1/guests/me/reservations", this::guestReservations);
        app.get("/v1/hotels/{id}/reservations", this::hotelReservations);
    }

    private void guestReservations(Context ctx)
    {
        Principal guest = authenticator.requireGuest(ctx);
        QueryParameters.requireKnown(ctx, "status", "from", "to", "limit", "after");
        page(ctx, Optional.of(guest.guestId().orElseThrow()), Optional.empty(), "from", "to");
    }

    private void hotelReservations(Context ctx)
    {
        long hotelId = HotelRoutes.pathId(ctx, "id");
        authenticator.requireManager(ctx, hotelId);
        QueryParameters.requireKnown(ctx, "status", "stay_from", "stay_to", "limit", "after");
        page(ctx, Optional.empty(), Optional.of(hotelId), "stay_from", "stay_to");
    }

    /** A keyset page by check-in then id: {@code reservations}, and {@code next} to pass as {@code after} for the page after it (null on the last). */
    private void page(Context ctx, Optional<UUID> guestId, Optional<Long> hotelId, String fromName, String toName)
    {
        Optional<ReservationStatus> status = Optional.ofNullable(QueryParameters.single(ctx, "status")).map(ReservationRoutes::status);
        Optional<LocalDate> from = QueryParameters.optionalDate(ctx, fromName);
        Optional<LocalDate> to = QueryParameters.optionalDate(ctx, toName);
        if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
            throw ProblemException.badRequest("query parameter[%s] must be after [%s]".formatted(toName, fromName));
        }
        int limit = QueryParameters.optionalInt(ctx, "limit").orElse(DEFAULT_PAGE);
        if (limit < 1 || limit > MAX_PAGE) {
            throw ProblemException.badRequest("query parameter[limit] must be 1 to %s, got %s".formatted(MAX_PAGE, limit));
        }
        Optional<ReservationRepository.Cursor> after = Optional.ofNullable(QueryParameters.single(ctx, "after")).map(ReservationRepository.Cursor::parse);
        ReservationService.Page page = reservations.page(new ReservationRepository.Query(guestId, hotelId, status, from, to, after, limit));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reservations", page.reservations());
        body.put("next", page.next());
        bodies.write(ctx, body);
    }

    private static ReservationStatus status(String value)
    {
        try {
            return ReservationStatus.fromDatabase(value.strip());
        }
        catch (IllegalStateException e) {
            throw ProblemException.badRequest("query parameter[status]='%s' must be one of %s".formatted(Checks.abbreviate(value),
                    Arrays.stream(ReservationStatus.values()).map(ReservationStatus::databaseName).toList()));
        }
    }

    private void reserve(Context ctx)
    {
        Principal guest = authenticator.requireGuest(ctx);
        String key = idempotencyKey(ctx);
        ReservationRequest request = bodies.read(ctx, ReservationRequest.class, maxRequestBytes);
        answer(ctx, reservations.reserve(guest, key, request));
    }

    private void read(Context ctx)
    {
        Principal caller = authenticator.requirePrincipal(ctx);
        bodies.write(ctx, reservations.find(caller, reservationId(ctx)));
    }

    /** What cancelling now would refund, by the hotel's policy on its today: nothing is changed. */
    private void cancellationQuote(Context ctx)
    {
        Principal caller = authenticator.requirePrincipal(ctx);
        bodies.write(ctx, reservations.cancellationQuote(caller, reservationId(ctx)));
    }

    private void cancel(Context ctx)
    {
        Principal caller = authenticator.requirePrincipal(ctx);
        String key = idempotencyKey(ctx);
        answer(ctx, reservations.cancel(caller, key, reservationId(ctx)));
    }

    private static void answer(Context ctx, StoredResponse response)
    {
        response.location().ifPresent(location -> ctx.header("Location", location));
        ctx.status(response.status()).contentType(ContentType.APPLICATION_JSON).result(response.body());
    }

    /** The client's key for this call: 1 to 255 visible ASCII characters (a UUID v4 is the suggestion). */
    public static String idempotencyKey(Context ctx)
    {
        List<String> headers = Collections.list(ctx.req().getHeaders(IDEMPOTENCY_KEY));
        if (headers.isEmpty()) {
            throw ProblemException.badRequest("header[Idempotency-Key] is required: send a new UUID for each new request, the same one to retry it");
        }
        if (headers.size() > 1) {
            throw ProblemException.badRequest("header[Idempotency-Key] was sent %s times; send it once".formatted(headers.size()));
        }
        String key = headers.get(0);
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ProblemException.badRequest("header[Idempotency-Key] must be 1 to %s visible ASCII characters, got %s characters"
                    .formatted(MAX_KEY_LENGTH, key.length()));
        }
        return key;
    }

    public static UUID reservationId(Context ctx)
    {
        String value = ctx.pathParam("id");
        try {
            if (value.length() == 36) {
                return UUID.fromString(value);
            }
        }
        catch (IllegalArgumentException e) {
            // reported below
        }
        throw ProblemException.badRequest("path parameter[id]='%s' must be a reservation id (a UUID)".formatted(Checks.abbreviate(value)));
    }
}
