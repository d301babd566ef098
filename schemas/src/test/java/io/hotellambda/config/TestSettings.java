package io.hotellambda.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestSettings
{
    @Test
    void environmentOverridesFileWhichOverridesDefault(@TempDir Path dir)
            throws IOException
    {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "http.port=9000\nhttp.host=0.0.0.0\nproduce.timeout=500ms\n");

        Settings settings = Settings.load("APP_", Optional.of(file), Map.of("APP_HTTP_PORT", "9100"));

        assertThat(settings.integer("http.port", 8080)).isEqualTo(9100);
        assertThat(settings.string("http.host", "127.0.0.1")).isEqualTo("0.0.0.0");
        assertThat(settings.duration("produce.timeout", Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.string("kafka.bootstrap", "127.0.0.1:19092")).isEqualTo("127.0.0.1:19092");
    }

    @Test
    void parsesSizesAndDurations()
    {
        Settings settings = Settings.of("APP_", Map.of("a", "1MiB", "b", "512KiB", "c", "100", "d", "PT3S", "e", "5m", "f", "2s", "g", "6h", "h", "7d"));

        assertThat(settings.bytes("a", 0)).isEqualTo(1024 * 1024);
        assertThat(settings.bytes("b", 0)).isEqualTo(512 * 1024);
        assertThat(settings.bytes("c", 0)).isEqualTo(100);
        assertThat(settings.duration("d", Duration.ZERO)).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.duration("e", Duration.ZERO)).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.duration("f", Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.duration("g", Duration.ZERO)).isEqualTo(Duration.ofHours(6));
        assertThat(settings.duration("h", Duration.ZERO)).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void invalidValueNamesTheSettingAndItsVariable()
    {
        Settings settings = Settings.of("APP_", Map.of("http.port", "eighty"));

        assertThatThrownBy(() -> settings.integer("http.port", 8080))
                .hasMessage("setting[http.port] (env APP_HTTP_PORT) is 'eighty', expected an integer");
    }
}
