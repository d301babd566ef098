package io.hotellambda.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotellambda.http.ApiJson;
import io.hotellambda.http.HttpMetrics;
import io.hotellambda.http.JsonBodies;
import io.hotellambda.http.ProblemException;
import io.hotellambda.http.ProblemMapper;
import io.hotellambda.http.RequestBodies;
import io.hotellambda.metrics.PrometheusText;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.FunctionCounter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox provider's HTTP face: Stripe's PaymentIntents and refunds (JSON, an API key, an
 * {@code Idempotency-Key} on every create), a checkout page with Pay and Decline buttons, and
 * the scenario controls tests use through confirm ({@link Scenario}).
 */
public final class SandboxServer
        implements AutoCloseable
{
    public static final String SIGNATURE_HEADER = "Sandbox-Signature";
    private static final long MAX_BODY = 16 * 1024;

    private final Javalin server;
    private final SandboxPayments payments;
    private final WebhookSender webhooks;

    private SandboxServer(Javalin server, SandboxPayments payments, WebhookSender webhooks)
    {
        this.server = server;
        this.payments = payments;
        this.webhooks = webhooks;
    }

    public static SandboxServer start(SandboxConfig config, Clock clock)
    {
        ObjectMapper json = ApiJson.mapper();
        ProblemMapper problems = new ProblemMapper(json);
        JsonBodies bodies = new JsonBodies(json);
        WebhookSender webhooks = new WebhookSender(config, clock);
        HttpMetrics metrics = new HttpMetrics();
        FunctionCounter.builder("sandbox.webhooks.delivered", webhooks, WebhookSender::delivered).description("Webhook deliveries the receiver acknowledged")
                .register(metrics.registry());
        FunctionCounter.builder("sandbox.webhooks.failed.attempts", webhooks, WebhookSender::failedAttempts)
                .description("Webhook delivery attempts that failed and were retried").register(metrics.registry());
        Javalin server = Javalin.create(javalin -> {
            javalin.showJavalinBanner = false;
            // requests by route and status, with a latency histogram (/metrics)
            metrics.install(javalin);
            javalin.jsonMapper(new JavalinJackson(json, false));
            javalin.http.maxRequestSize = MAX_BODY;
            javalin.http.prefer405over404 = true;
            javalin.jetty.modifyServer(problems::installOn);
        });
        problems.register(server);
        server.start(config.httpHost(), config.httpPort());
        SandboxPayments payments = new SandboxPayments(json, webhooks, clock, "http://%s:%s".formatted(config.httpHost(), server.port()));
        byte[] apiKey = config.apiKey().getBytes(StandardCharsets.UTF_8);
        server.before("/v1/*", ctx -> authorize(ctx, apiKey));
        server.get("/health", ctx -> bodies.write(ctx, Map.of("status", "UP", "webhooks_delivered", webhooks.delivered(), "webhook_failed_attempts", webhooks.failedAttempts())));
        server.get("/metrics", ctx -> ctx.contentType(PrometheusText.CONTENT_TYPE).result(metrics.scrape()));
        server.post("/v1/payment_intents", ctx -> {
            SandboxRequests.CreateIntent request = bodies.read(ctx, SandboxRequests.CreateIntent.class, MAX_BODY);
            bodies.write(ctx, payments.create(idempotencyKey(ctx), request.amount(), request.currency(), request.metadata()));
        });
        server.get("/v1/payment_intents/{id}", ctx -> bodies.write(ctx, payments.get(ctx.pathParam("id"))));
        server.post("/v1/payment_intents/{id}/confirm", ctx -> {
            SandboxRequests.Confirm request = bodies.read(ctx, SandboxRequests.Confirm.class, MAX_BODY);
            bodies.write(ctx, payments.confirm(ctx.pathParam("id"), request.scenario()));
        });
        server.get("/v1/payment_intents/{id}/refunds", ctx -> bodies.write(ctx, Map.of("data", payments.refunds(ctx.pathParam("id")))));
        server.post("/v1/refunds", ctx -> {
            SandboxRequests.CreateRefund request = bodies.read(ctx, SandboxRequests.CreateRefund.class, MAX_BODY);
            bodies.write(ctx, payments.refund(idempotencyKey(ctx), request.paymentIntent(), request.amount()));
        });
        server.get("/checkout/{id}", ctx -> ctx.html(CheckoutPage.render(payments.get(ctx.pathParam("id")), CheckoutPage.returnUrl(ctx.queryParam("return_url")))));
        server.post("/checkout/{id}/pay", ctx -> checkout(ctx, payments, "pm_card_visa"));
        server.post("/checkout/{id}/decline", ctx -> checkout(ctx, payments, "pm_card_chargeDeclined"));
        return new SandboxServer(server, payments, webhooks);
    }

    /**
     * The payer pressed Pay or Decline: the intent is confirmed with that card, and the payer is
     * sent back to the shop's page when the shop gave one (as Stripe Checkout's
     * {@code success_url}); the outcome reaches the shop by webhook, not by this redirect.
     */
    private static void checkout(Context ctx, SandboxPayments payments, String paymentMethod)
    {
        // the form is read before anything changes: a body that is not a form is a 415 and pays nothing
        // (a multipart one without its boundary made Jetty throw, a 500, after the intent was confirmed)
        Optional<String> back = Optional.empty();
        if (ctx.header("Content-Type") != null || ctx.req().getContentLengthLong() != 0) {
            RequestBodies.requireContentType(ctx, RequestBodies.FORM);
            back = CheckoutPage.returnUrl(ctx.formParam("return_url"));
        }
        Intent intent = payments.confirm(ctx.pathParam("id"), Scenario.ofPaymentMethod(paymentMethod));
        if (back.isPresent()) {
            ctx.redirect(back.get(), HttpStatus.SEE_OTHER);
            return;
        }
        ctx.html(CheckoutPage.render(intent, Optional.empty()));
    }

    private static void authorize(Context ctx, byte[] apiKey)
    {
        String header = ctx.header("Authorization");
        byte[] sent = header == null || !header.startsWith("Bearer ") ? new byte[0] : header.substring(7).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(apiKey, sent)) {
            throw ProblemException.unauthorized("send the sandbox API key as 'Authorization: Bearer <key>'");
        }
    }

    private static String idempotencyKey(Context ctx)
    {
        List<String> keys = Collections.list(ctx.req().getHeaders("Idempotency-Key"));
        if (keys.size() != 1 || keys.get(0).isEmpty() || keys.get(0).length() > 255) {
            throw ProblemException.badRequest("header[Idempotency-Key] is required, once, 1 to 255 characters");
        }
        return keys.get(0);
    }

    public int port()
    {
        return server.port();
    }

    @Override
    public void close()
    {
        server.stop();
        payments.close();
        webhooks.close();
    }
}
