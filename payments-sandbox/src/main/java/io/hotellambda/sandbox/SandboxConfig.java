package io.hotellambda.sandbox;

import io.hotellambda.config.Settings;

import java.net.URI;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The sandbox provider's settings, each a property or {@code PAYMENTS_SANDBOX_<KEY>}: where it
 * listens, the API key callers must send, where and how webhooks go (booking-app's endpoint, the
 * signing secret, the retry backoff and how long a delivery is retried: Stripe retries for days).
 */
public record SandboxConfig(
        String httpHost,
        int httpPort,
        String apiKey,
        URI webhookUrl,
        String webhookSecret,
        Duration retryInitial,
        Duration retryMax,
        Duration retryFor)
{
    public static final String ENV_PREFIX = "PAYMENTS_SANDBOX_";

    public SandboxConfig
    {
        requireNonNull(httpHost, "httpHost is null");
        requireNonNull(webhookUrl, "webhookUrl is null");
        if (apiKey.length() < 16 || webhookSecret.length() < 16) {
            throw new IllegalArgumentException("api.key and webhook.secret must be at least 16 characters");
        }
        if (retryInitial.toMillis() < 10 || retryMax.compareTo(retryInitial) < 0) {
            throw new IllegalArgumentException("webhook.retry.initial must be at least 10ms and at most webhook.retry.max");
        }
    }

    public static SandboxConfig load(Settings settings)
    {
        return new SandboxConfig(
                settings.string("http.host", "127.0.0.1"),
                settings.integer("http.port", 8070),
                settings.string("api.key", "sk_sandbox_local_development_key"),
                URI.create(settings.string("webhook.url", "http://127.0.0.1:8080/v1/payments/webhooks")),
                settings.string("webhook.secret", "whsec_sandbox_local_development"),
                settings.duration("webhook.retry.initial", Duration.ofMillis(500)),
                settings.duration("webhook.retry.max", Duration.ofSeconds(60)),
                settings.duration("webhook.retry.for", Duration.ofDays(3)));
    }
}
