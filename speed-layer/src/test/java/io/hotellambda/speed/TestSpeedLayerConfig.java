package io.hotellambda.speed;

import io.hotellambda.config.RedisTarget;
import io.hotellambda.config.Settings;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestSpeedLayerConfig
{
    @Test
    void defaultsMatchTheLocalStack()
    {
        SpeedLayerConfig config = SpeedLayerConfig.load(Settings.of(SpeedLayerConfig.ENV_PREFIX, Map.of()));

        assertThat(config).isEqualTo(new SpeedLayerConfig("local[2]", "127.0.0.1:19092",
                new RedisTarget(URI.create("redis://127.0.0.1:16379"), List.of(), Duration.ofSeconds(5)),
                "var/speed-layer/checkpoint", Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofDays(7), "earliest",
                500_000, 2, "127.0.0.1", 19400, Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofSeconds(1)));
        assertThat(config.redis().isCluster()).isFalse();
    }

    @Test
    void clusterNodesSwitchToRedisCluster()
    {
        SpeedLayerConfig config = SpeedLayerConfig.load(Settings.of(SpeedLayerConfig.ENV_PREFIX, Map.of(
                "redis.cluster.nodes", "10.0.0.1:6379, 10.0.0.2:6379", "counter.ttl", "14d", "dedup.window", "2m")));

        assertThat(config.redis().isCluster()).isTrue();
        assertThat(config.redis().clusterNodes()).containsExactly("10.0.0.1:6379", "10.0.0.2:6379");
        assertThat(config.redis().toString()).isEqualTo("RedisCluster[10.0.0.1:6379, 10.0.0.2:6379]");
        assertThat(config.counterTtl()).isEqualTo(Duration.ofDays(14));
        assertThat(config.deduplicationWindow()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void invalidValuesNameTheSetting()
    {
        assertThatThrownBy(() -> SpeedLayerConfig.load(Settings.of(SpeedLayerConfig.ENV_PREFIX, Map.of("counter.ttl", "6h"))))
                .hasMessageContaining("counter.ttl[PT6H] must be at least a day");
        assertThatThrownBy(() -> SpeedLayerConfig.load(Settings.of(SpeedLayerConfig.ENV_PREFIX, Map.of("kafka.starting.offsets", "oldest"))))
                .hasMessageContaining("kafka.starting.offsets[oldest]");
        assertThatThrownBy(() -> SpeedLayerConfig.load(Settings.of(SpeedLayerConfig.ENV_PREFIX, Map.of("redis.cluster.nodes", "justahost"))))
                .hasMessageContaining("redis.cluster.nodes entry[justahost] must be host:port");
        assertThatThrownBy(() -> SpeedLayerConfig.load(Settings.of(SpeedLayerConfig.ENV_PREFIX, Map.of("redis.uri", "http://x:1"))))
                .hasMessageContaining("must start with redis://");
    }

    /** Every setting the speed layer reads, with its default: a setting added without one here fails this test. */
    @Test
    void everySettingHasARecordedDefault()
    {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("spark.master", "local[2]");
        expected.put("kafka.bootstrap.servers", "127.0.0.1:19092");
        expected.put("redis.cluster.nodes", "");
        expected.put("redis.uri", "redis://127.0.0.1:16379");
        expected.put("redis.timeout", "PT5S");
        expected.put("checkpoint.location", "var/speed-layer/checkpoint");
        expected.put("trigger.interval", "PT1S");
        expected.put("dedup.window", "PT10M");
        expected.put("counter.ttl", "PT168H");
        expected.put("kafka.starting.offsets", "earliest");
        expected.put("max.offsets.per.trigger", "500000");
        expected.put("shuffle.partitions", "2");
        expected.put("metrics.host", "127.0.0.1");
        expected.put("metrics.port", "19400");
        expected.put("redis.outage.tolerance", "PT5M");
        expected.put("kafka.outage.tolerance", "PT5M");
        expected.put("heartbeat.interval", "PT1S");
        assertThat(Settings.recordDefaults(SpeedLayerConfig.ENV_PREFIX, SpeedLayerConfig::load)).containsExactlyEntriesOf(expected);
    }

}
