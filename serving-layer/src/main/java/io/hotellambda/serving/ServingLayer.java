package io.hotellambda.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotellambda.http.ApiJson;
import io.hotellambda.http.ApiDocs;
import io.hotellambda.http.HttpMetrics;
import io.hotellambda.http.JsonBodies;
import io.hotellambda.http.ProblemMapper;
import io.hotellambda.metrics.PrometheusText;
import io.hotellambda.serving.audits.AuditHistory;
import io.hotellambda.serving.audits.AuditRoutes;
import io.hotellambda.serving.batch.BatchViewHolder;
import io.hotellambda.serving.bookings.BookingBatchRepository;
import io.hotellambda.serving.bookings.BookingRoutes;
import io.hotellambda.serving.bookings.MergedBookings;
import io.hotellambda.serving.dashboard.DashboardPage;
import io.hotellambda.serving.demand.DemandAnswers;
import io.hotellambda.serving.demand.DemandRoutes;
import io.hotellambda.serving.batch.BatchViewRepository;
import io.hotellambda.serving.speed.CircuitBreaker;
import io.hotellambda.serving.speed.RedisMemory;
import io.hotellambda.serving.speed.SpeedFreshness;
import io.hotellambda.serving.speed.SpeedReplica;
import io.hotellambda.serving.speed.SpeedView;
import io.hotellambda.serving.views.MergedViews;
import io.hotellambda.serving.views.ViewRoutes;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import redis.clients.jedis.UnifiedJedis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The serving layer wired together: the batch view held in memory (refreshed from PostgreSQL),
 * the speed view (the day counters held in memory by following the speed layer's change feed,
 * the rest read from Redis behind a circuit breaker), and the HTTP routes. {@link #start} is
 * what {@link Main} and the tests call.
 */
public final class ServingLayer
        implements AutoCloseable
{
    private final Javalin server;
    private final BatchViewHolder batch;
    private final SpeedView speed;
    private final UnifiedJedis redis;
    private final CircuitBreaker breaker;
    private final Optional<SpeedReplica> replica;
    private final ProblemMapper problems;

    private ServingLayer(Javalin server, BatchViewHolder batch, SpeedView speed, UnifiedJedis redis, CircuitBreaker breaker, Optional<SpeedReplica> replica,
            ProblemMapper problems)
    {
        this.problems = problems;
        this.server = server;
        this.batch = batch;
        this.speed = speed;
        this.redis = redis;
        this.breaker = breaker;
        this.replica = replica;
    }

    public static ServingLayer start(ServingConfig config, Clock clock)
    {
        BatchViewRepository repository = new BatchViewRepository(config.databaseUrl(), config.databaseUser(), config.databasePassword(), config.batchDays(), config.batchHourlyDays());
        BatchViewHolder batch = new BatchViewHolder(repository, config.batchRefresh(), clock);
        UnifiedJedis redis = config.redis().connect(config.redisPoolSize());
        SpeedView speed = null;
        try {
            // elapsed time, not the answers' time axis: a test that fixes the latter still sees the breaker close
            CircuitBreaker breaker = new CircuitBreaker("Redis", config.redisBreakerOpen(), Clock.systemUTC());
            Optional<SpeedReplica> replica = config.speedReplica()
                    ? Optional.of(new SpeedReplica(redis, clock, config.speedRetention(), config.speedReplicaPoll()))
                    : Optional.empty();
            // a lookup waits out one timed-out round trip at most, then answers from the batch alone
            SpeedFreshness freshness = new SpeedFreshness(redis, Clock.systemUTC(), config.speedRetention(), config.speedStaleAfter(), Duration.ofSeconds(1));
            speed = new SpeedView(redis, breaker, config.redis().timeout().multipliedBy(2), replica, freshness);
            MergedViews views = new MergedViews(batch, speed, clock, config.speedRetention());
            ObjectMapper json = ApiJson.mapper();
            ProblemMapper problems = new ProblemMapper(json);
            HttpMetrics httpMetrics = new HttpMetrics();
            RedisMemory redisMemory = new RedisMemory(httpMetrics.registry(), redis);
            Javalin server = Javalin.create(javalin -> {
                javalin.showJavalinBanner = false;
                // requests by route and status, with a latency histogram (/metrics)
                httpMetrics.install(javalin);
                // lookups are answered from memory: a few threads per core, not Jetty's 200, so
                // requests finish in turn instead of all sharing the cores and finishing late together
                javalin.jetty.threadPool = new QueuedThreadPool(config.httpThreads(), Math.min(8, config.httpThreads()), 60_000);
                javalin.jsonMapper(new JavalinJackson(json, false));
                javalin.http.maxRequestSize = config.maxRequestBytes();
                // a known path with the wrong method is a 405 that says which methods it takes, not a 404
                javalin.http.prefer405over404 = true;
                javalin.jetty.modifyServer(problems::installOn);
                // Swagger UI for /api-docs, ECharts and the dashboard's own script for /dashboard
                javalin.staticFiles.enableWebjars();
                DashboardPage.assets(javalin);
            });
            problems.register(server);
            server.get("/health", ctx -> ctx.status(batch.current().isPresent() ? 200 : 503).json(health(batch, breaker, replica, freshness, problems)));
            ServingMetrics metrics = new ServingMetrics(batch, breaker, replica, freshness, () -> unexpectedErrors(batch, replica, freshness, problems), clock);
            server.get("/metrics", ctx -> {
                redisMemory.refresh();
                ctx.contentType(PrometheusText.CONTENT_TYPE).result(metrics.prometheus() + httpMetrics.scrape());
            });
            new ViewRoutes(views, new JsonBodies(json), clock, config.maxQueryHotels(), config.maxRequestBytes()).register(server);
            ServingDatabase database = new ServingDatabase(config.databaseUrl(), config.databaseUser(), config.databasePassword());
            MergedBookings bookings = new MergedBookings(new BookingBatchRepository(database), speed, clock, config.speedRetention());
            new BookingRoutes(bookings, new JsonBodies(json), clock).register(server);
            new DemandRoutes(new DemandAnswers(database, bookings, speed, clock), new JsonBodies(json), clock).register(server);
            new AuditRoutes(new AuditHistory(database), new JsonBodies(json)).register(server);
            DashboardPage.register(server);
            ApiDocs.register(server, "hotel-lambda serving layer");
            batch.start();
            replica.ifPresent(SpeedReplica::start);
            freshness.start();
            server.start(config.httpHost(), config.httpPort());
            return new ServingLayer(server, batch, speed, redis, breaker, replica, problems);
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

    /** Every route served, as {@code "GET /path"}: what {@code /openapi.json} must document. */
    public java.util.SortedSet<String> routes()
    {
        return ApiDocs.routes(server);
    }

    /** What {@code /health} answers: the batch view held, the Redis circuit, the speed replica. */
    public Map<String, Object> health()
    {
        return health(batch, breaker, replica, speed.freshness(), problems);
    }

    private static Map<String, Object> health(BatchViewHolder batch, CircuitBreaker breaker, Optional<SpeedReplica> replica, SpeedFreshness freshness,
            ProblemMapper problems)
    {
        BatchViewHolder.Status status = batch.status();
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", batch.current().isPresent() ? "ok" : "starting");
        health.put("watermark", batch.current().flatMap(view -> view.watermark()).map(Instant::toString).orElse(null));
        health.put("batch_view_confirmed_at", status.confirmedAt().map(Instant::toString).orElse(null));
        health.put("batch_view_error", status.error().orElse(null));
        health.put("redis_circuit_open", breaker.isOpen());
        health.put("redis_circuit_opened_total", breaker.openedCount());
        health.put("speed_stale", freshness.isStale());
        health.put("speed_stale_reason", freshness.staleBecause().orElse(null));
        health.put("speed_heartbeat_age_seconds", freshness.heartbeatAge().map(Duration::toSeconds).orElse(null));
        health.put("unexpected_errors", unexpectedErrors(batch, replica, freshness, problems));
        replica.map(SpeedReplica::status).ifPresent(copy -> {
            health.put("speed_replica_current", copy.current());
            health.put("speed_replica_hotels", copy.hotels());
            health.put("speed_replica_loads", copy.loads());
            health.put("speed_replica_error", copy.error());
        });
        return health;
    }

    /** Failures that were bugs, not outages, in requests and background loops alike: each logged once with its stack trace. */
    static long unexpectedErrors(BatchViewHolder batch, Optional<SpeedReplica> replica, SpeedFreshness freshness, ProblemMapper problems)
    {
        return problems.unexpectedErrors() + freshness.unexpectedErrors() + batch.unexpectedErrors() + replica.map(SpeedReplica::unexpectedErrors).orElse(0L);
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
