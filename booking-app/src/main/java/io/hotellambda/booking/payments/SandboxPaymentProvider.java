package io.hotellambda.booking.payments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotellambda.http.WebhookSignatures;
import io.hotellambda.schemas.DomainException;
import io.hotellambda.schemas.ValidationException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * The adapter for the sandbox provider ({@code payments-sandbox}) over HTTP: Stripe's shapes and
 * its webhook signature scheme, so a Stripe adapter differs in URLs, form encoding and the header's
 * name. A 4xx from the provider is a bug here or a refused request (a conflict); a 5xx or no
 * answer is an outage.
 */
public final class SandboxPaymentProvider
        implements PaymentProvider
{
    public static final String SIGNATURE_HEADER = "Sandbox-Signature";

    private final URI base;
    private final String apiKey;
    private final String webhookSecret;
    private final Duration tolerance;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public SandboxPaymentProvider(URI base, String apiKey, String webhookSecret, Duration tolerance, ObjectMapper json)
    {
        this.base = base;
        this.apiKey = apiKey;
        this.webhookSecret = webhookSecret;
        this.tolerance = tolerance;
        this.json = json;
    }

    @Override
    public String name()
    {
        return "sandbox";
    }

    @Override
    public Intent createIntent(long amountCents, String currency, String idempotencyKey, Map<String, String> metadata)
    {
        return intent(post("/v1/payment_intents", Map.of("amount", amountCents, "currency", currency.toLowerCase(Locale.ROOT), "metadata", metadata), idempotencyKey));
    }

    @Override
    public Intent confirm(String intentId, String paymentMethod)
    {
        return intent(post("/v1/payment_intents/%s/confirm".formatted(intentId), Map.of("payment_method", paymentMethod), null));
    }

    @Override
    public Refund refund(String intentId, long amountCents, String idempotencyKey)
    {
        JsonNode refund = post("/v1/refunds", Map.of("payment_intent", intentId, "amount", amountCents), idempotencyKey);
        return new Refund(refund.path("id").asText(), refund.path("amount").asLong(), refund.path("status").asText());
    }

    @Override
    public String signatureHeader()
    {
        return SIGNATURE_HEADER;
    }

    @Override
    public WebhookEvent verifyWebhook(Map<String, String> headers, byte[] body, Instant now)
    {
        WebhookSignatures.verify(webhookSecret, headers.get(SIGNATURE_HEADER), body, now, tolerance);
        JsonNode event;
        try {
            event = json.readTree(body);
        }
        catch (IOException e) {
            throw new ValidationException("a signed webhook body is not JSON");
        }
        JsonNode intent = event == null ? null : event.path("data").path("object");
        if (intent == null || !event.path("id").isTextual() || !event.path("type").isTextual() || !intent.path("id").isTextual()) {
            throw new ValidationException("a webhook event needs id, type and data.object.id");
        }
        WebhookEvent.Type type = switch (event.get("type").asText()) {
            case "payment_intent.succeeded" -> WebhookEvent.Type.SUCCEEDED;
            case "payment_intent.payment_failed" -> WebhookEvent.Type.FAILED;
            default -> WebhookEvent.Type.OTHER;
        };
        return new WebhookEvent(event.get("id").asText(), type, intent.get("id").asText(), intent.path("amount").asLong(),
                intent.path("currency").asText().toUpperCase(Locale.ROOT), Instant.ofEpochSecond(event.path("created").asLong()));
    }

    private static Intent intent(JsonNode intent)
    {
        return new Intent(intent.path("id").asText(), intent.path("amount").asLong(), intent.path("currency").asText().toUpperCase(Locale.ROOT),
                intent.path("status").asText(), intent.path("client_secret").asText(), intent.path("checkout_url").asText());
    }

    private JsonNode post(String path, Map<String, Object> body, String idempotencyKey)
    {
        HttpResponse<byte[]> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + apiKey)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (IOException e) {
            throw DomainException.unavailable("the payment provider cannot be reached: " + e.getMessage(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DomainException.unavailable("interrupted while calling the payment provider", e);
        }
        int status = response.statusCode();
        if (status >= 500) {
            throw DomainException.unavailable("the payment provider answered %s".formatted(status), null);
        }
        if (status == 409 || status == 422) {
            throw DomainException.conflict("the payment provider refused: " + new String(response.body(), StandardCharsets.UTF_8));
        }
        if (status / 100 != 2) {
            throw new IllegalStateException("the payment provider answered %s to %s: %s".formatted(status, path, new String(response.body(), StandardCharsets.UTF_8)));
        }
        try {
            return json.readTree(response.body());
        }
        catch (IOException e) {
            throw DomainException.unavailable("the payment provider's answer is not JSON", e);
        }
    }
}
