package io.hotellambda.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotellambda.http.HostileRequests;
import io.hotellambda.http.HostileRequests.Case;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox provider's endpoints against malformed, oversized and hostile input, as booking-app's
 * and the serving layer's are: each case gets its 4xx problem. Its webhooks go to a closed local
 * port; nothing here needs them delivered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestSandboxBadInput
{
    private static final String API_KEY = "sk_sandbox_bad_input_test_key";
    private static final String AUTH = "Authorization: Bearer " + API_KEY;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SandboxServer sandbox;

    @BeforeAll
    void start()
    {
        sandbox = SandboxServer.start(new SandboxConfig("127.0.0.1", 0, API_KEY, URI.create("http://127.0.0.1:9/v1/payments/webhooks"),
                "whsec_sandbox_bad_input_test", Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2)), Clock.systemUTC());
    }

    @AfterAll
    void stop()
    {
        sandbox.close();
    }

    @Test
    void everyEndpointAnswersBadInputWithItsProblem()
            throws IOException
    {
        String intent = intent("bad-input-" + UUID.randomUUID());
        List<Case> cases = new ArrayList<>();
        cases.addAll(HostileRequests.generic("POST", "/v1/payment_intents", "/v1/payment_intents/" + intent, AUTH, "Idempotency-Key: k-" + UUID.randomUUID()));
        cases.addAll(HostileRequests.generic("POST", "/v1/payment_intents/%s/confirm".formatted(intent), "/v1/payment_intents/%s/refunds".formatted(intent), AUTH));
        cases.addAll(HostileRequests.generic("POST", "/v1/refunds", "/checkout/" + intent, AUTH, "Idempotency-Key: k-" + UUID.randomUUID()));
        cases.addAll(List.of(
                Case.json("no API key", "POST", "/v1/payment_intents", "{\"amount\": 100, \"currency\": \"eur\"}", 401, "Idempotency-Key: k"),
                Case.json("a wrong API key", "POST", "/v1/payment_intents", "{\"amount\": 100, \"currency\": \"eur\"}", 401,
                        "Authorization: Bearer sk_wrong_wrong_wrong_key", "Idempotency-Key: k"),
                Case.json("no Idempotency-Key", "POST", "/v1/payment_intents", "{\"amount\": 100, \"currency\": \"eur\"}", 400, AUTH),
                Case.json("two Idempotency-Keys", "POST", "/v1/payment_intents", "{\"amount\": 100, \"currency\": \"eur\"}", 400, AUTH,
                        "Idempotency-Key: a", "Idempotency-Key: b"),
                Case.json("no amount", "POST", "/v1/payment_intents", "{\"currency\": \"eur\"}", 400, AUTH, "Idempotency-Key: k-" + UUID.randomUUID()),
                Case.json("an amount that is text", "POST", "/v1/payment_intents", "{\"amount\": \"100\", \"currency\": \"eur\"}", 400, AUTH,
                        "Idempotency-Key: k-" + UUID.randomUUID()),
                Case.json("an outcome that is not one", "POST", "/v1/payment_intents/%s/confirm".formatted(intent), "{\"outcome\": \"maybe\"}", 400, AUTH),
                Case.json("a refund of no payment", "POST", "/v1/refunds", "{\"payment_intent\": \"\"}", 400, AUTH, "Idempotency-Key: k-" + UUID.randomUUID()),
                Case.withHeaders("an unknown intent", "GET", "/v1/payment_intents/pi_nope", new byte[0], 404, AUTH),
                Case.withHeaders("an unknown checkout", "GET", "/checkout/pi_nope", new byte[0], 404),
                Case.withHeaders("pay with a multipart body without its boundary", "POST", "/checkout/%s/pay".formatted(intent),
                        "a".getBytes(StandardCharsets.UTF_8), 415, "Content-Type: multipart/form-data; boundary=x"),
                Case.withHeaders("pay with a JSON body", "POST", "/checkout/%s/pay".formatted(intent),
                        "{}".getBytes(StandardCharsets.UTF_8), 415, "Content-Type: application/json"),
                Case.withHeaders("pay with a form in Latin-1", "POST", "/checkout/%s/pay".formatted(intent),
                        "return_url=x".getBytes(StandardCharsets.UTF_8), 415, "Content-Type: application/x-www-form-urlencoded; charset=iso-8859-1"),
                Case.withHeaders("pay with a body and no Content-Type", "POST", "/checkout/%s/decline".formatted(intent),
                        "return_url=x".getBytes(StandardCharsets.UTF_8), 415),
                Case.withHeaders("a DELETE", "DELETE", "/v1/refunds", new byte[0], 405, AUTH)));
        List<String> failures = new ArrayList<>();
        for (Case request : cases) {
            try {
                HostileRequests.check(sandbox.port(), request);
            }
            catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        assertThat(failures).isEmpty();
        // none of them moved the intent (a checkout form that is not one pays nothing): it still waits for its payer
        assertThat(get("/v1/payment_intents/" + intent).get("status").asText()).isEqualTo(Intent.REQUIRES_PAYMENT_METHOD);
    }

    private String intent(String key)
            throws IOException
    {
        HostileRequests.Response created = HostileRequests.send(sandbox.port(),
                Case.json("create", "POST", "/v1/payment_intents", "{\"amount\": 12900, \"currency\": \"eur\"}", 200, AUTH, "Idempotency-Key: " + key));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return JSON.readTree(created.body()).get("id").asText();
    }

    private JsonNode get(String path)
            throws IOException
    {
        HostileRequests.Response response = HostileRequests.send(sandbox.port(), Case.withHeaders("get", "GET", path, new byte[0], 200, AUTH));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
