package io.hotellambda.notifier;

import io.hotellambda.config.Settings;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/** The notifier's settings, each a property or {@code NOTIFIER_<KEY>}. */
public record NotifierConfig(
        String kafkaBootstrapServers,
        String groupId,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        String smtpHost,
        int smtpPort,
        String from,
        Duration retryInitial,
        Duration retryMax)
{
    public static final String ENV_PREFIX = "NOTIFIER_";

    public NotifierConfig
    {
        requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers is null");
        requireNonNull(databaseUrl, "databaseUrl is null");
        if (smtpPort < 1 || smtpPort > 65535) {
            throw new IllegalArgumentException("smtp.port[%s] must be 1 to 65535".formatted(smtpPort));
        }
        if (retryInitial.toMillis() < 10 || retryMax.compareTo(retryInitial) < 0) {
            throw new IllegalArgumentException("retry.initial must be at least 10ms and at most retry.max");
        }
    }

    public static NotifierConfig load(Settings settings)
    {
        return new NotifierConfig(
                settings.string("kafka.bootstrap.servers", "127.0.0.1:19092"),
                settings.string("group.id", "notifier"),
                settings.string("db.url", "jdbc:postgresql://127.0.0.1:15432/hotel_lambda"),
                settings.string("db.user", "postgres"),
                settings.string("db.password", ""),
                settings.string("smtp.host", "127.0.0.1"),
                settings.integer("smtp.port", 3025),
                settings.string("from", "bookings@hotel-lambda.localhost"),
                settings.duration("retry.initial", Duration.ofMillis(500)),
                settings.duration("retry.max", Duration.ofSeconds(30)));
    }
}
