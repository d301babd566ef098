package io.hotellambda.infra;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Kafka, PostgreSQL and Redis on loopback, with all state under one directory. The quickstart
 * and the tests start the same stack; closing it stops everything, children first.
 */
public final class LocalStack
        implements AutoCloseable
{
    public static final String DATABASE = "hotel_lambda";

    private final LocalStackConfig config;
    private final KafkaBroker kafka;
    private final PostgresServer postgres;
    private final RedisServer redis;

    private LocalStack(LocalStackConfig config, KafkaBroker kafka, PostgresServer postgres, RedisServer redis)
    {
        this.config = config;
        this.kafka = kafka;
        this.postgres = postgres;
        this.redis = redis;
    }

    /** Starts the three servers in parallel (initdb and the KRaft start-up take seconds each). */
    public static LocalStack start(LocalStackConfig config)
    {
        CompletableFuture<PostgresServer> postgres = CompletableFuture.supplyAsync(() -> {
            PostgresServer server = PostgresServer.start(config.postgresDirectory(), config.binaryCache(), config.postgresPort(), config.durable());
            server.createDatabase(DATABASE);
            return server;
        });
        CompletableFuture<RedisServer> redis = CompletableFuture.supplyAsync(() -> RedisServer.start(config.redisDirectory(), config.binaryCache(), config.redisPort(), config.durable()));
        CompletableFuture<KafkaBroker> kafka = CompletableFuture.supplyAsync(() -> KafkaBroker.start(config.kafkaDirectory(), config.kafkaPort(), config.kafkaControllerPort()));
        try {
            CompletableFuture.allOf(postgres, redis, kafka).join();
        }
        catch (CompletionException e) {
            postgres.thenAccept(PostgresServer::close);
            redis.thenAccept(RedisServer::close);
            kafka.thenAccept(KafkaBroker::close);
            CompletableFuture.allOf(postgres, redis, kafka).exceptionally(ignored -> null).join();
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
        return new LocalStack(config, kafka.join(), postgres.join(), redis.join());
    }

    public LocalStackConfig config()
    {
        return config;
    }

    public KafkaBroker kafka()
    {
        return kafka;
    }

    public PostgresServer postgres()
    {
        return postgres;
    }

    public RedisServer redis()
    {
        return redis;
    }

    @Override
    public void close()
    {
        kafka.close();
        redis.close();
        postgres.close();
    }
}
