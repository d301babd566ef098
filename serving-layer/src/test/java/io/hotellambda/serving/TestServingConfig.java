package io.hotellambda.serving;

import io.hotellambda.config.Settings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestServingConfig
{
    /** Every setting the serving layer reads, with its default: a setting added without one here fails this test. */
    @Test
    void everySettingHasARecordedDefault()
    {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("http.host", "127.0.0.1");
        expected.put("http.port", "8090");
        expected.put("http.threads", "8");
        expected.put("db.url", "jdbc:postgresql://127.0.0.1:15432/hotel_lambda");
        expected.put("db.user", "postgres");
        expected.put("db.password", "");
        expected.put("redis.cluster.nodes", "");
        expected.put("redis.uri", "redis://127.0.0.1:16379");
        expected.put("redis.timeout", "PT0.1S");
        expected.put("redis.pool.size", "64");
        expected.put("redis.breaker.open", "PT1S");
        expected.put("speed.retention", "PT168H");
        expected.put("speed.replica.poll", "PT0.02S");
        expected.put("speed.stale.after", "PT30S");
        expected.put("batch.refresh", "PT10S");
        expected.put("batch.days", "35");
        expected.put("batch.hourly.days", "2");
        expected.put("query.max.hotels", "1000");
        expected.put("request.max.bytes", "65536");
        assertThat(Settings.recordDefaults(ServingConfig.ENV_PREFIX, ServingConfig::load)).containsExactlyEntriesOf(expected);
    }

    @Test
    void defaultsAgreeWithTheSpeedLayersAndInvalidValuesNameTheSetting()
    {
        ServingConfig config = ServingConfig.load(Settings.of(ServingConfig.ENV_PREFIX, Map.of()));
        // the speed layer's counter.ttl default is 7 days: the serving layer reads no further back
        assertThat(config.speedRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(config.speedReplica()).isTrue();
        assertThatThrownBy(() -> ServingConfig.load(Settings.of(ServingConfig.ENV_PREFIX, Map.of("speed.stale.after", "1s"))))
                .hasMessageContaining("speed.stale.after[PT1S] must be at least 2s");
        assertThatThrownBy(() -> ServingConfig.load(Settings.of(ServingConfig.ENV_PREFIX, Map.of("speed.retention", "6h"))))
                .hasMessageContaining("speed.retention[PT6H] must be at least a day");
    }
}
