package io.hotellambda.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A service's Prometheus metrics through Micrometer: every request as
 * {@code http_server_requests_seconds} by method, route ({@code uri}, the route's template, never
 * the raw path) and status, with a histogram whose buckets bracket the latency objectives; and the
 * registry where a service adds its own meters. {@link #scrape} is the text {@code /metrics} adds.
 */
public final class HttpMetrics
{
    /** The histogram's buckets: the alert's objective (250 ms) among them. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** Times every request the app answers (its request logger). */
    public void install(JavalinConfig javalin)
    {
        javalin.requestLogger.http(this::record);
    }

    public PrometheusMeterRegistry registry()
    {
        return registry;
    }

    /** The registry's meters in Prometheus' text format. */
    public String scrape()
    {
        return registry.scrape();
    }

    void record(Context ctx, Float milliseconds)
    {
        int status = ctx.status().getCode();
        Timer.builder("http.server.requests")
                .description("HTTP requests answered, by method, route template and status")
                .tag("method", ctx.method().name())
                .tag("uri", route(ctx, status))
                .tag("status", Integer.toString(status))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record((long) (milliseconds * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    /** The matched route's template; a path no route matched is one label, so a scan of random paths adds no series. */
    static String route(Context ctx, int status)
    {
        String path;
        try {
            path = ctx.endpointHandlerPath();
        }
        catch (RuntimeException e) {
            path = "";
        }
        if (path == null || path.isEmpty() || path.equals("*")) {
            return status == 404 ? "NOT_FOUND" : status < 400 ? "STATIC" : "UNMATCHED_" + (status / 100) + "XX";
        }
        return path;
    }
}
