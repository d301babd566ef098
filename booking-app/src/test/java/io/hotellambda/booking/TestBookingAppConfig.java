package io.hotellambda.booking;

import io.hotellambda.config.Settings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestBookingAppConfig
{
    @Test
    void defaultsMatchTheLocalStack()
    {
        BookingAppConfig config = BookingAppConfig.load(Settings.of(BookingAppConfig.ENV_PREFIX, Map.of()));

        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.databaseUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/hotel_lambda");
        assertThat(config.kafkaBootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(config.produceTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.adminToken()).isEmpty();
        assertThat(config.maxBatchEvents()).isEqualTo(1000);
        assertThat(config.maxBatchBytes()).isEqualTo(1024 * 1024);
        assertThat(config.maxRequestBytes()).isEqualTo(64 * 1024);
        assertThat(config.holdTtl()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void holdTtlComesFromTheEnvironmentAsTheOtherSettingsDo()
    {
        BookingAppConfig config = BookingAppConfig.load(Settings.load(BookingAppConfig.ENV_PREFIX, Optional.empty(), Map.of("BOOKING_APP_HOLD_TTL", "20s")));
        assertThat(config.holdTtl()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void environmentOverridesAndSecretsStayOutOfToString()
    {
        String token = "a-long-enough-admin-token-1234";
        BookingAppConfig config = BookingAppConfig.load(Settings.load(BookingAppConfig.ENV_PREFIX, Optional.empty(),
                Map.of("BOOKING_APP_HTTP_PORT", "9090", "BOOKING_APP_ADMIN_TOKEN", token, "BOOKING_APP_KAFKA_PRODUCE_TIMEOUT", "750ms")));

        assertThat(config.httpPort()).isEqualTo(9090);
        assertThat(config.adminToken()).hasValue(token);
        assertThat(config.produceTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(config.toString()).doesNotContain(token).contains("adminToken=set");
    }

    @Test
    void shortAdminTokenIsRefused()
    {
        assertThatThrownBy(() -> BookingAppConfig.load(Settings.of(BookingAppConfig.ENV_PREFIX, Map.of("admin.token", "short"))))
                .hasMessage("admin.token must be at least 24 characters");
    }

    /** Every setting booking-app reads, with its default: a setting added without one here fails this test. */
    @Test
    void everySettingHasARecordedDefault()
    {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("http.host", "127.0.0.1");
        expected.put("http.port", "8080");
        expected.put("db.url", "jdbc:postgresql://127.0.0.1:15432/hotel_lambda");
        expected.put("db.user", "postgres");
        expected.put("db.password", "");
        expected.put("db.pool.size", "16");
        expected.put("kafka.bootstrap.servers", "127.0.0.1:19092");
        expected.put("kafka.produce.timeout", "PT2S");
        expected.put("admin.token", null);
        expected.put("views.batch.max.events", "1000");
        expected.put("views.batch.max.bytes", "1048576");
        expected.put("request.max.bytes", "65536");
        expected.put("hotel.cache.ttl", "PT1M");
        expected.put("hold.ttl", "PT10M");
        expected.put("inventory.horizon.days", "365");
        expected.put("sweeper.interval", "PT1S");
        expected.put("outbox.relay.interval", "PT0.1S");
        expected.put("idempotency.retention", "PT24H");
        expected.put("payments.url", "http://127.0.0.1:8070");
        expected.put("payments.api.key", "sk_sandbox_local_development_key");
        expected.put("payments.webhook.secret", "whsec_sandbox_local_development");
        expected.put("payments.webhook.tolerance", "PT5M");
        expected.put("refund.retry.interval", "PT5S");
        expected.put("archive.retention", "PT720H");
        expected.put("lifecycle.interval", "PT10M");
        expected.put("serving.url", "http://127.0.0.1:8090");
        expected.put("search.popularity.timeout", "PT0.25S");
        expected.put("search.popularity.ttl", "PT1M");
        expected.put("auto.pricing.interval", "PT10M");
        expected.put("auto.pricing.db.url", null);
        assertThat(Settings.recordDefaults(BookingAppConfig.ENV_PREFIX, BookingAppConfig::load)).containsExactlyEntriesOf(expected);
    }

}
