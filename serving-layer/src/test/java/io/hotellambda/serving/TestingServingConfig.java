package io.hotellambda.serving;

import io.hotellambda.config.RedisTarget;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.PostgresServer;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** The serving layer's settings for tests against the local stack: its PostgreSQL, and its Redis unless another target is given. */
public final class TestingServingConfig
{
    private TestingServingConfig() {}

    /** The stack's Redis, the speed replica polling every 20 ms, answers degraded after 30 minutes without a heartbeat. */
    public static ServingConfig of(LocalStack stack)
    {
        return of(stack, Duration.ofMillis(20), Duration.ofMinutes(30), new RedisTarget(URI.create(stack.redis().uri()), List.of(), Duration.ofMillis(100)));
    }

    public static ServingConfig of(LocalStack stack, Duration replicaPoll, Duration speedStaleAfter, RedisTarget redis)
    {
        return of(stack, LocalStack.DATABASE, replicaPoll, speedStaleAfter, redis, Duration.ofHours(1));
    }

    /** As {@link #of(LocalStack)}, on another of the stack's databases, its batch view refreshed every {@code batchRefresh}. */
    public static ServingConfig of(LocalStack stack, String database, Duration batchRefresh)
    {
        return of(stack, database, Duration.ofMillis(20), Duration.ofMinutes(30), new RedisTarget(URI.create(stack.redis().uri()), List.of(), Duration.ofMillis(100)),
                batchRefresh);
    }

    private static ServingConfig of(LocalStack stack, String database, Duration replicaPoll, Duration speedStaleAfter, RedisTarget redis, Duration batchRefresh)
    {
        return new ServingConfig("127.0.0.1", 0, 8, stack.postgres().jdbcUrl(database), PostgresServer.USER, "",
                redis, 16, Duration.ofMillis(200), Duration.ofDays(7), replicaPoll, speedStaleAfter, batchRefresh, 35, 31, 1000, 64 * 1024);
    }
}
