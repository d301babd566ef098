package io.hotellambda.booking.payments;

import io.hotellambda.booking.auth.Authenticator;
import io.hotellambda.booking.auth.Principal;
import io.hotellambda.booking.idempotency.IdempotencyKeys.StoredResponse;
import io.hotellambda.booking.reservations.ReservationRoutes;
import io.hotellambda.http.JsonBodies;
import io.hotellambda.http.RequestBodies;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;

import java.util.Map;

/**
 * {@code POST /v1/reservations/{id}/payments} (the guest, with an {@code Idempotency-Key}) and
 * {@code POST /v1/payments/webhooks} (the provider, signed; no bearer token): a forged, stale or
 * altered delivery is a 400 and changes nothing, a replay is a 200 that changes nothing.
 */
public final class PaymentRoutes
{
    private static final long MAX_WEBHOOK_BYTES = 64 * 1024;

    private final PaymentService payments;
    private final PaymentProvider provider;
    private final Authenticator authenticator;

    public PaymentRoutes(PaymentService payments, PaymentProvider provider, Authenticator authenticator)
    {
        this.payments = payments;
        this.provider = provider;
        this.authenticator = authenticator;
    }

    public void register(Javalin app)
    {
        app.post("/v1/reservations/{id}/payments", this::pay);
        app.post("/v1/payments/webhooks", this::webhook);
    }

    private void pay(Context ctx)
    {
        Principal guest = authenticator.requireGuest(ctx);
        String key = ReservationRoutes.idempotencyKey(ctx);
        StoredResponse response = payments.pay(guest, key, ReservationRoutes.reservationId(ctx));
        response.location().ifPresent(location -> ctx.header("Location", location));
        ctx.status(response.status()).contentType(ContentType.APPLICATION_JSON).result(response.body());
    }

    private void webhook(Context ctx)
    {
        JsonBodies.requireJson(ctx);
        // the signature covers the raw bytes: they are verified before anything parses them
        byte[] body = RequestBodies.readBytes(ctx, MAX_WEBHOOK_BYTES);
        String header = provider.signatureHeader();
        Map<String, String> headers = ctx.header(header) == null ? Map.of() : Map.of(header, ctx.header(header));
        PaymentService.WebhookOutcome outcome = payments.handleWebhook(headers, body);
        ctx.json(Map.of("event_id", outcome.eventId(), "outcome", outcome.outcome()));
    }
}
