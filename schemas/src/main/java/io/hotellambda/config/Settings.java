package io.hotellambda.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Where a deployable's config record reads its values: a properties file, then environment
 * variables on top. Key {@code http.port} with prefix {@code BOOKING_APP_} is overridden by
 * {@code BOOKING_APP_HTTP_PORT}. Read once, in {@code main}; the record is what the code sees.
 */
public final class Settings
{
    private final String envPrefix;
    private final Properties file;
    private final Map<String, String> env;
    /** Every key read and its default, in the order read; only for {@link #recordDefaults}. */
    private final Map<String, String> defaultsRead;

    private Settings(String envPrefix, Properties file, Map<String, String> env, Map<String, String> defaultsRead)
    {
        this.envPrefix = envPrefix;
        this.file = file;
        this.env = Map.copyOf(env);
        this.defaultsRead = defaultsRead;
    }

    /**
     * Every setting {@code load} reads, with its default, in the order read (Airlift's
     * {@code recordDefaults}): a config record's test compares this with the defaults it lists, so a
     * setting added without a tested default fails that test. A read with no default (a required
     * setting) records {@code null}.
     */
    public static Map<String, String> recordDefaults(String envPrefix, Consumer<Settings> load)
    {
        Map<String, String> read = new LinkedHashMap<>();
        load.accept(new Settings(envPrefix, new Properties(), Map.of(), read));
        return read;
    }

    private void recordDefault(String key, Object defaultValue)
    {
        if (defaultsRead != null) {
            defaultsRead.put(key, defaultValue == null ? null : defaultValue.toString());
        }
    }

    public static Settings load(String envPrefix, Optional<Path> file, Map<String, String> env)
    {
        Properties properties = new Properties();
        if (file.isPresent()) {
            try (Reader reader = Files.newBufferedReader(file.get())) {
                properties.load(reader);
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot read settings file " + file.get(), e);
            }
        }
        return new Settings(envPrefix, properties, env, null);
    }

    public static Settings of(String envPrefix, Map<String, String> values)
    {
        Properties properties = new Properties();
        properties.putAll(values);
        return new Settings(envPrefix, properties, Map.of(), null);
    }

    public String envName(String key)
    {
        return envPrefix + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** A setting with no default: absent unless given. */
    public Optional<String> optional(String key)
    {
        recordDefault(key, null);
        return lookup(key);
    }

    private Optional<String> lookup(String key)
    {
        String fromEnv = env.get(envName(key));
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(fromEnv.strip());
        }
        return Optional.ofNullable(file.getProperty(key)).map(String::strip).filter(value -> !value.isEmpty());
    }

    public String string(String key, String defaultValue)
    {
        recordDefault(key, defaultValue);
        return lookup(key).orElse(defaultValue);
    }

    public int integer(String key, int defaultValue)
    {
        recordDefault(key, defaultValue);
        Optional<String> value = lookup(key);
        try {
            return value.map(Integer::parseInt).orElse(defaultValue);
        }
        catch (NumberFormatException e) {
            throw invalid(key, value.get(), "an integer");
        }
    }

    public long bytes(String key, long defaultValue)
    {
        recordDefault(key, defaultValue);
        Optional<String> value = lookup(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String text = value.get().toLowerCase(Locale.ROOT);
        long unit = text.endsWith("kib") ? 1024 : text.endsWith("mib") ? 1024 * 1024 : 1;
        try {
            return Long.parseLong(text.replaceAll("(kib|mib|b)$", "").strip()) * unit;
        }
        catch (NumberFormatException e) {
            throw invalid(key, value.get(), "a size such as 1048576, 512KiB or 1MiB");
        }
    }

    /** {@code 2s}, {@code 500ms}, {@code 5m}, {@code 6h}, {@code 7d}, or ISO-8601 such as {@code PT2S}. */
    public Duration duration(String key, Duration defaultValue)
    {
        recordDefault(key, defaultValue);
        Optional<String> value = lookup(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String text = value.get().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("pt")) {
                return Duration.parse(text);
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            if (text.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            if (text.endsWith("d")) {
                return Duration.ofDays(Long.parseLong(text.substring(0, text.length() - 1)));
            }
        }
        catch (RuntimeException e) {
            // fall through to the error below
        }
        throw invalid(key, value.get(), "a duration such as 2s, 500ms, 5m, 6h, 7d or PT2S");
    }

    private IllegalArgumentException invalid(String key, String value, String expected)
    {
        return new IllegalArgumentException("setting[%s] (env %s) is '%s', expected %s".formatted(key, envName(key), value, expected));
    }
}
