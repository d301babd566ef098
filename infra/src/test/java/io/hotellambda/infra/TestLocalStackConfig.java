package io.hotellambda.infra;

import io.hotellambda.config.Settings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TestLocalStackConfig
{
    /** Every setting the local stack reads, with its default: a setting added without one here fails this test. */
    @Test
    void everySettingHasARecordedDefault()
    {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("var.dir", "var");
        expected.put("kafka.port", "19092");
        expected.put("kafka.controller.port", "19093");
        expected.put("postgres.port", "15432");
        expected.put("redis.port", "16379");
        assertThat(Settings.recordDefaults(LocalStackConfig.ENV_PREFIX, LocalStackConfig::load)).containsExactlyEntriesOf(expected);
        assertThat(LocalStackConfig.load(Settings.of(LocalStackConfig.ENV_PREFIX, Map.of())).varDirectory()).isEqualTo(Path.of("var").toAbsolutePath());
    }
}
