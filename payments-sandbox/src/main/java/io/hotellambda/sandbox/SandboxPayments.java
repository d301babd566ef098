package io.hotellambda.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotellambda.schemas.DomainException;
import io.hotellambda.schemas.ValidationException;

import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's payments, in memory: intents created under an idempotency key (the same key, the
 * same intent), confirmed with a {@link Scenario}, refunded in part or whole under a key of their
 * own; every outcome is a webhook ({@code payment_intent.succeeded},
 * {@code payment_intent.payment_failed}, {@code charge.refunded}) handed to the {@link WebhookSender}.
 */
public final class SandboxPayments
        implements AutoCloseable
{
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration OUT_OF_ORDER_GAP = Duration.ofMillis(300);

    private final ObjectMapper json;
    private final WebhookSender webhooks;
    private final Clock clock;
    private final String checkoutBase;
    private final Map<String, Intent> intents = new ConcurrentHashMap<>();
    private final Map<String, String> intentByKey = new ConcurrentHashMap<>();
    private final Map<String, Refund> refundByKey = new ConcurrentHashMap<>();
    private final Map<String, List<Refund>> refundsByIntent = new ConcurrentHashMap<>();
    private final ScheduledExecutorService outcomes = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sandbox-outcomes");
        thread.setDaemon(true);
        return thread;
    });

    public SandboxPayments(ObjectMapper json, WebhookSender webhooks, Clock clock, String checkoutBase)
    {
        this.json = json;
        this.webhooks = webhooks;
        this.clock = clock;
        this.checkoutBase = checkoutBase;
    }

    public synchronized Intent create(String idempotencyKey, long amount, String currency, Map<String, String> metadata)
    {
        if (amount < 1 || amount > 100_000_000_00L) {
            throw new ValidationException("field[amount] must be 1 to 10000000000 minor units, got " + amount);
        }
        if (currency == null || !currency.matches("[a-zA-Z]{3}")) {
            throw new ValidationException("field[currency] must be an ISO 4217 code");
        }
        String existing = intentByKey.get(idempotencyKey);
        if (existing != null) {
            Intent intent = intents.get(existing);
            if (intent.amount() != amount || !intent.currency().equalsIgnoreCase(currency)) {
                throw DomainException.unprocessable("Idempotency-Key was already used for another intent");
            }
            return intent;
        }
        String id = "pi_" + random(12);
        Intent intent = new Intent(id, "payment_intent", amount, currency.toLowerCase(), Intent.REQUIRES_PAYMENT_METHOD, id + "_secret_" + random(12),
                checkoutBase + "/checkout/" + id, Map.copyOf(metadata), 0, clock.instant().getEpochSecond());
        intents.put(id, intent);
        intentByKey.put(idempotencyKey, id);
        return intent;
    }

    public Intent get(String id)
    {
        return Optional.ofNullable(intents.get(id)).orElseThrow(() -> DomainException.notFound("payment_intent[%s] not found".formatted(id)));
    }

    /** Starts the payment: the intent is {@code processing} until the scenario's outcome comes. */
    public synchronized Intent confirm(String id, Scenario scenario)
    {
        Intent intent = get(id);
        if (!intent.status().equals(Intent.REQUIRES_PAYMENT_METHOD)) {
            throw DomainException.conflict("payment_intent[%s] is %s; only one that requires a payment method can be confirmed".formatted(id, intent.status()));
        }
        Intent processing = intent.withStatus(Intent.PROCESSING);
        intents.put(id, processing);
        if (scenario.outcome() != Scenario.Outcome.NO_ANSWER) {
            outcomes.schedule(() -> settle(id, scenario), scenario.delayMillis(), TimeUnit.MILLISECONDS);
        }
        return processing;
    }

    private synchronized void settle(String id, Scenario scenario)
    {
        Intent intent = intents.get(id);
        if (scenario.outcome() == Scenario.Outcome.DECLINE) {
            // as Stripe: a failed attempt returns the intent to requires_payment_method
            Intent declined = intent.withStatus(Intent.REQUIRES_PAYMENT_METHOD);
            intents.put(id, declined);
            emit("payment_intent.payment_failed", declined, Map.of("code", "card_declined"), scenario.deliveries(), Duration.ZERO);
            return;
        }
        Intent succeeded = intent.withStatus(Intent.SUCCEEDED);
        intents.put(id, succeeded);
        if (scenario.outOfOrder()) {
            // the first attempt was declined, the second paid: the failure's event is older, and arrives last
            Event failure = event("payment_intent.payment_failed", intent.withStatus(Intent.REQUIRES_PAYMENT_METHOD), Map.of("code", "card_declined"), -1);
            emit("payment_intent.succeeded", succeeded, Map.of(), scenario.deliveries(), Duration.ZERO);
            deliver(failure, scenario.deliveries(), OUT_OF_ORDER_GAP);
            return;
        }
        emit("payment_intent.succeeded", succeeded, Map.of(), scenario.deliveries(), Duration.ZERO);
    }

    public synchronized Refund refund(String idempotencyKey, String intentId, Long requested)
    {
        Refund existing = refundByKey.get(idempotencyKey);
        if (existing != null) {
            return existing;
        }
        Intent intent = get(intentId);
        if (!intent.status().equals(Intent.SUCCEEDED)) {
            throw DomainException.conflict("payment_intent[%s] is %s; only a succeeded payment can be refunded".formatted(intentId, intent.status()));
        }
        long left = intent.amount() - intent.amountRefunded();
        long amount = requested == null ? left : requested;
        if (amount < 1 || amount > left) {
            throw new ValidationException("field[amount] must be 1 to %s (what is left to refund), got %s".formatted(left, amount));
        }
        Refund refund = new Refund("re_" + random(12), "refund", intentId, amount, intent.currency(), "succeeded", clock.instant().getEpochSecond());
        Intent refunded = intent.withRefunded(intent.amountRefunded() + amount);
        intents.put(intentId, refunded);
        refundByKey.put(idempotencyKey, refund);
        refundsByIntent.computeIfAbsent(intentId, key -> new ArrayList<>()).add(refund);
        emit("charge.refunded", refunded, Map.of("refund", refund.id()), 1, Duration.ZERO);
        return refund;
    }

    public synchronized List<Refund> refunds(String intentId)
    {
        get(intentId);
        return List.copyOf(refundsByIntent.getOrDefault(intentId, List.of()));
    }

    private void emit(String type, Intent intent, Map<String, String> details, int deliveries, Duration delay)
    {
        deliver(event(type, intent, details, 0), deliveries, delay);
    }

    private void deliver(Event event, int deliveries, Duration delay)
    {
        for (int i = 0; i < deliveries; i++) {
            webhooks.send(event.id(), event.body(), delay.plusMillis(i * 50L));
        }
    }

    private record Event(String id, byte[] body) {}

    /** A Stripe-shaped event; {@code createdShift} seconds moves its {@code created} (an older attempt's event). */
    private Event event(String type, Intent intent, Map<String, String> details, long createdShift)
    {
        String id = "evt_" + random(12);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("object", "event");
        event.put("type", type);
        event.put("created", clock.instant().getEpochSecond() + createdShift);
        event.put("data", Map.of("object", intent, "details", details));
        try {
            return new Event(id, json.writeValueAsBytes(event));
        }
        catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String random(int bytes)
    {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    @Override
    public void close()
    {
        outcomes.shutdownNow();
    }
}
