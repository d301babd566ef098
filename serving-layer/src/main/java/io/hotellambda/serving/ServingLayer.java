package io.hotellambda.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotellambda.http.ApiJson;
import io.hotellambda.http.JsonBodies;
import io.hotellambda.http.ProblemMapper;
import io.hotellambda.serving.batch.BatchViewHolder;
import io.hotellambda.serving.batch.BatchViewRepository;
import io.hotellambda.serving.speed.CircuitBreaker;
import io.hotellambda.serving.speed.SpeedView;
import io.hotellambda.serving.views.MergedViews;
import io.hotellambda.serving.views.ViewRoutes;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import redis.clients.jedis.UnifiedJedis;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The serving layer wired together: the batch view held in memory (refreshed from PostgreSQL),
 * the speed view read from Redis behind a circuit breaker, and the HTTP routes. {@link #start} is
 * what {@link Main} and the tests call.
 */
public final class ServingLayer
        implements AutoCloseable
{
    private final Javalin server;
    private final BatchViewHolder batch;
    private final SpeedView speed;
    private final UnifiedJedis redis;

    private ServingLayer(Javalin server, BatchViewHolder batch, SpeedView speed, UnifiedJedis redis)
    {
        this.server = server;
        this.batch = batch;
        this.speed = speed;
        this.redis = redis;
    }

    public static ServingLayer start(ServingConfig config, Clock clock)
    {
        BatchViewRepository repository = new BatchViewRepository(config.databaseUrl(), config.databaseUser(), config.databasePassword(), config.batchHourlyDays());
        BatchViewHolder batch = new BatchViewHolder(repository, config.batchRefresh(), clock);
        UnifiedJedis redis = config.redis().connect(config.redisPoolSize());
        SpeedView speed = null;
        try {
            // elapsed time, not the answers' time axis: a test that fixes the latter still sees the breaker close
            CircuitBreaker breaker = new CircuitBreaker("Redis", config.redisBreakerOpen(), Clock.systemUTC());
            // a lookup waits out one timed-out round trip at most, then answers from the batch alone
            speed = new SpeedView(redis, breaker, config.redis().timeout().multipliedBy(2));
            MergedViews views = new MergedViews(batch, speed, clock, config.speedRetention());
            ObjectMapper json = ApiJson.mapper();
            Javalin server = Javalin.create(javalin -> {
                javalin.showJavalinBanner = false;
                javalin.jsonMapper(new JavalinJackson(json, false));
                javalin.http.maxRequestSize = config.maxRequestBytes();
            });
            new ProblemMapper(json).register(server);
            server.get("/health", ctx -> {
                BatchViewHolder.Status status = batch.status();
                Map<String, Object> health = new LinkedHashMap<>();
                health.put("status", batch.current().isPresent() ? "ok" : "starting");
                health.put("watermark", batch.current().flatMap(view -> view.watermark()).map(Instant::toString).orElse(null));
                health.put("batch_view_confirmed_at", status.confirmedAt().map(Instant::toString).orElse(null));
                health.put("batch_view_error", status.error().orElse(null));
                health.put("redis_circuit_open", breaker.isOpen());
                health.put("redis_circuit_opened_total", breaker.openedCount());
                ctx.status(batch.current().isPresent() ? 200 : 503).json(health);
            });
            new ViewRoutes(views, new JsonBodies(json), clock, config.maxQueryHotels(), config.maxRequestBytes()).register(server);
            batch.start();
            server.start(config.httpHost(), config.httpPort());
            return new ServingLayer(server, batch, speed, redis);
        }
        catch (RuntimeException e) {
            batch.close();
            if (speed != null) {
                speed.close();
            }
            redis.close();
            throw e;
        }
    }

    public int port()
    {
        return server.port();
    }

    /** The held batch view, for tests and the health check. */
    public BatchViewHolder batch()
    {
        return batch;
    }

    @Override
    public void close()
    {
        server.stop();
        batch.close();
        speed.close();
        redis.close();
    }
}
