package io.hotellambda.infra;

import io.hotellambda.config.Settings;

import java.nio.file.Path;

/**
 * Where the local stack keeps its state and which loopback ports it uses. Defaults stay clear of
 * the standard ports (9092, 5432, 6379) so a developer's own servers are left alone.
 *
 * @param durable fsync and Redis persistence on (the quickstart) or off (tests)
 */
public record LocalStackConfig(
        Path varDirectory,
        Path binaryCache,
        int kafkaPort,
        int kafkaControllerPort,
        int postgresPort,
        int redisPort,
        boolean durable)
{
    public static final String ENV_PREFIX = "HOTEL_LAMBDA_";

    public LocalStackConfig
    {
        requirePort(kafkaPort, "kafka.port");
        requirePort(kafkaControllerPort, "kafka.controller.port");
        requirePort(postgresPort, "postgres.port");
        requirePort(redisPort, "redis.port");
    }

    public static LocalStackConfig load(Settings settings)
    {
        Path varDirectory = Path.of(settings.string("var.dir", "var")).toAbsolutePath().normalize();
        return new LocalStackConfig(
                varDirectory,
                varDirectory.resolve("cache"),
                settings.integer("kafka.port", 19092),
                settings.integer("kafka.controller.port", 19093),
                settings.integer("postgres.port", 15432),
                settings.integer("redis.port", 16379),
                true);
    }

    /** A throw-away stack for one test JVM: fresh directory, free ports, no fsync. */
    public static LocalStackConfig forTests(Path varDirectory, Path binaryCache)
    {
        return new LocalStackConfig(varDirectory, binaryCache, Ports.freePort(), Ports.freePort(), Ports.freePort(), Ports.freePort(), false);
    }

    public Path kafkaDirectory()
    {
        return varDirectory.resolve("kafka");
    }

    public Path postgresDirectory()
    {
        return varDirectory.resolve("postgres");
    }

    public Path redisDirectory()
    {
        return varDirectory.resolve("redis");
    }

    private static void requirePort(int port, String name)
    {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("%s[%s] must be a port from 1 to 65535".formatted(name, port));
        }
    }
}
