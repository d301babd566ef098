package io.hotellambda.booking;

import io.hotellambda.config.Settings;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Everything booking-app reads from its environment, read once in {@link Main}. Keys are listed
 * in the README; each can be set in a properties file or as {@code BOOKING_APP_<KEY>}.
 */
public record BookingAppConfig(
        String httpHost,
        int httpPort,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        int databasePoolSize,
        String kafkaBootstrapServers,
        Duration produceTimeout,
        Optional<String> adminToken,
        int maxBatchEvents,
        long maxBatchBytes,
        long maxRequestBytes,
        Duration hotelCacheTtl,
        Duration holdTtl,
        int inventoryHorizonDays,
        Duration sweeperInterval,
        Duration outboxRelayInterval,
        Duration idempotencyRetention,
        URI paymentsUrl,
        String paymentsApiKey,
        String paymentsWebhookSecret,
        Duration paymentsWebhookTolerance,
        Duration refundRetryInterval,
        Duration archiveRetention,
        Duration lifecycleInterval,
        URI servingUrl,
        Duration popularityTimeout,
        Duration popularityTtl,
        Duration autoPricingInterval,
        Optional<String> autoPricingDatabaseUrl)
{
    public static final String ENV_PREFIX = "BOOKING_APP_";

    public BookingAppConfig
    {
        requireNonNull(httpHost, "httpHost is null");
        requireNonNull(databaseUrl, "databaseUrl is null");
        requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers is null");
        requireNonNull(adminToken, "adminToken is null");
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("http.port[%s] must be 0 to 65535".formatted(httpPort));
        }
        if (produceTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("kafka.produce.timeout[%s] must be at least 100ms".formatted(produceTimeout));
        }
        if (maxBatchEvents < 1) {
            throw new IllegalArgumentException("views.batch.max.events[%s] must be positive".formatted(maxBatchEvents));
        }
        if (holdTtl.toMillis() < 1000) {
            throw new IllegalArgumentException("hold.ttl[%s] must be at least 1s".formatted(holdTtl));
        }
        if (inventoryHorizonDays < 31 || inventoryHorizonDays > 1000) {
            throw new IllegalArgumentException("inventory.horizon.days[%s] must be 31 to 1000".formatted(inventoryHorizonDays));
        }
        if (sweeperInterval.toMillis() < 10 || outboxRelayInterval.toMillis() < 10) {
            throw new IllegalArgumentException("sweeper.interval and outbox.relay.interval must be at least 10ms");
        }
        if (idempotencyRetention.toHours() < 24) {
            throw new IllegalArgumentException("idempotency.retention[%s] must be at least 24h: clients may retry for a day".formatted(idempotencyRetention));
        }
        requireNonNull(paymentsUrl, "paymentsUrl is null");
        if (paymentsWebhookSecret.length() < 16) {
            throw new IllegalArgumentException("payments.webhook.secret must be at least 16 characters");
        }
        if (paymentsWebhookTolerance.toSeconds() < 1 || paymentsWebhookTolerance.toMinutes() > 60) {
            throw new IllegalArgumentException("payments.webhook.tolerance[%s] must be 1s to 1h".formatted(paymentsWebhookTolerance));
        }
        if (archiveRetention.toDays() < 1) {
            throw new IllegalArgumentException("archive.retention[%s] must be at least 1 day".formatted(archiveRetention));
        }
        if (refundRetryInterval.toMillis() < 10 || lifecycleInterval.toMillis() < 10) {
            throw new IllegalArgumentException("refund.retry.interval and lifecycle.interval must be at least 10ms");
        }
        requireNonNull(servingUrl, "servingUrl is null");
        if (popularityTimeout.toMillis() < 10 || popularityTimeout.toSeconds() > 10) {
            throw new IllegalArgumentException("search.popularity.timeout[%s] must be 10ms to 10s".formatted(popularityTimeout));
        }
        if (autoPricingInterval.toMillis() < 10) {
            throw new IllegalArgumentException("auto.pricing.interval[%s] must be at least 10ms".formatted(autoPricingInterval));
        }
        requireNonNull(autoPricingDatabaseUrl, "autoPricingDatabaseUrl is null");
        if (popularityTtl.isNegative()) {
            throw new IllegalArgumentException("search.popularity.ttl[%s] must not be negative".formatted(popularityTtl));
        }
        adminToken.ifPresent(token -> {
            if (token.length() < 24) {
                throw new IllegalArgumentException("admin.token must be at least 24 characters");
            }
        });
    }

    public static BookingAppConfig load(Settings settings)
    {
        return new BookingAppConfig(
                settings.string("http.host", "127.0.0.1"),
                settings.integer("http.port", 8080),
                settings.string("db.url", "jdbc:postgresql://127.0.0.1:15432/hotel_lambda"),
                settings.string("db.user", "postgres"),
                settings.string("db.password", ""),
                settings.integer("db.pool.size", 16),
                settings.string("kafka.bootstrap.servers", "127.0.0.1:19092"),
                settings.duration("kafka.produce.timeout", Duration.ofSeconds(2)),
                settings.optional("admin.token"),
                settings.integer("views.batch.max.events", 1000),
                settings.bytes("views.batch.max.bytes", 1024 * 1024),
                settings.bytes("request.max.bytes", 64 * 1024),
                settings.duration("hotel.cache.ttl", Duration.ofSeconds(60)),
                settings.duration("hold.ttl", Duration.ofMinutes(10)),
                settings.integer("inventory.horizon.days", 365),
                settings.duration("sweeper.interval", Duration.ofSeconds(1)),
                settings.duration("outbox.relay.interval", Duration.ofMillis(100)),
                settings.duration("idempotency.retention", Duration.ofHours(24)),
                URI.create(settings.string("payments.url", "http://127.0.0.1:8070")),
                settings.string("payments.api.key", "sk_sandbox_local_development_key"),
                settings.string("payments.webhook.secret", "whsec_sandbox_local_development"),
                settings.duration("payments.webhook.tolerance", Duration.ofSeconds(300)),
                settings.duration("refund.retry.interval", Duration.ofSeconds(5)),
                settings.duration("archive.retention", Duration.ofDays(30)),
                settings.duration("lifecycle.interval", Duration.ofMinutes(10)),
                URI.create(settings.string("serving.url", "http://127.0.0.1:8090")),
                settings.duration("search.popularity.timeout", Duration.ofMillis(250)),
                settings.duration("search.popularity.ttl", Duration.ofSeconds(60)),
                settings.duration("auto.pricing.interval", Duration.ofMinutes(10)),
                settings.optional("auto.pricing.db.url"));
    }

    @Override
    public String toString()
    {
        // never print credentials
        return "BookingAppConfig[http=%s:%s, db=%s, kafka=%s, produceTimeout=%s, holdTtl=%s, payments=%s, adminToken=%s]"
                .formatted(httpHost, httpPort, databaseUrl, kafkaBootstrapServers, produceTimeout, holdTtl, paymentsUrl, adminToken.isPresent() ? "set" : "unset");
    }
}
