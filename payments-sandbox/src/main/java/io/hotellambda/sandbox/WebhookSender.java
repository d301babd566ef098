package io.hotellambda.sandbox;

import io.hotellambda.http.WebhookSignatures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers signed webhooks as Stripe does: each attempt signed anew ({@code t} is the attempt's
 * time), any answer but a 2xx retried with exponential backoff up to {@code retryMax}, for
 * {@code retryFor}; a delivery may be asked to go more than once (a duplicate) or later than
 * another (out of order). Deliveries live in memory: a sandbox restart forgets them.
 */
public final class WebhookSender
        implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

    private final SandboxConfig config;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "webhook-sender");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();

    public WebhookSender(SandboxConfig config, Clock clock)
    {
        this.config = config;
        this.clock = clock;
    }

    /** Sends {@code body} after {@code delay}; retried until a 2xx or {@code retryFor} has passed since the first attempt. */
    public void send(String eventId, byte[] body, Duration delay)
    {
        Instant firstAttempt = clock.instant().plus(delay);
        scheduler.schedule(() -> attempt(eventId, body, firstAttempt, config.retryInitial(), 1), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void attempt(String eventId, byte[] body, Instant firstAttempt, Duration backoff, int attempt)
    {
        try {
            HttpRequest request = HttpRequest.newBuilder(config.webhookUrl())
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header(SandboxServer.SIGNATURE_HEADER, WebhookSignatures.header(config.webhookSecret(), clock.instant(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                delivered.incrementAndGet();
                return;
            }
            LOG.warn("webhook {} attempt {} answered {}", eventId, attempt, status);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        catch (Exception e) {
            LOG.warn("webhook {} attempt {} failed: {}", eventId, attempt, e.toString());
        }
        failedAttempts.incrementAndGet();
        if (Duration.between(firstAttempt, clock.instant()).compareTo(config.retryFor()) >= 0) {
            LOG.error("webhook {} given up after {} attempts", eventId, attempt);
            return;
        }
        Duration next = backoff.multipliedBy(2).compareTo(config.retryMax()) > 0 ? config.retryMax() : backoff.multipliedBy(2);
        scheduler.schedule(() -> attempt(eventId, body, firstAttempt, next, attempt + 1), backoff.toMillis(), TimeUnit.MILLISECONDS);
    }

    public long delivered()
    {
        return delivered.get();
    }

    public long failedAttempts()
    {
        return failedAttempts.get();
    }

    @Override
    public void close()
    {
        scheduler.shutdownNow();
    }
}
