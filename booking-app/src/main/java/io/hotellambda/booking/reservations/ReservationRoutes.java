package io.hotellambda.booking.reservations;

import io.hotellambda.booking.auth.Authenticator;
import io.hotellambda.booking.auth.Principal;
import io.hotellambda.booking.idempotency.IdempotencyKeys.StoredResponse;
import io.hotellambda.http.JsonBodies;
import io.hotellambda.http.ProblemException;
import io.hotellambda.schemas.Checks;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;

import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Guests hold, read and cancel reservations; a hotel's staff read and cancel the hotel's. Every
 * unsafe call takes an {@code Idempotency-Key}: its first answer is stored and replayed byte for byte.
 */
public final class ReservationRoutes
{
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
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
    static String idempotencyKey(Context ctx)
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

    private static UUID reservationId(Context ctx)
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
