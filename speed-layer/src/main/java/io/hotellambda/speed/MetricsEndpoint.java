package io.hotellambda.speed;

import com.sun.net.httpserver.HttpServer;
import io.hotellambda.metrics.PrometheusText;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** {@code GET /metrics} in Prometheus text format, on loopback unless configured otherwise. */
public final class MetricsEndpoint
        implements AutoCloseable
{
    private final HttpServer server;

    private MetricsEndpoint(HttpServer server)
    {
        this.server = server;
    }

    public static MetricsEndpoint start(String host, int port, SpeedLayerMetrics metrics)
    {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
            server.createContext("/metrics", exchange -> {
                try (exchange) {
                    if (!exchange.getRequestMethod().equals("GET")) {
                        exchange.sendResponseHeaders(405, -1);
                        return;
                    }
                    byte[] body = metrics.prometheus().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            });
            server.start();
            return new MetricsEndpoint(server);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on %s:%s".formatted(host, port), e);
        }
    }

    public int port()
    {
        return server.getAddress().getPort();
    }

    @Override
    public void close()
    {
        server.stop(0);
    }
}
