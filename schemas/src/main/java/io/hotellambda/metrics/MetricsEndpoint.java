package io.hotellambda.metrics;

import com.sun.net.httpserver.HttpServer;
import io.hotellambda.config.Settings;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} in Prometheus text format for a process without an HTTP server of its own
 * (the speed layer, the archiver, the notifier), on loopback unless configured otherwise. The body
 * is made at each request.
 */
public final class MetricsEndpoint
        implements AutoCloseable
{
    /** Where to listen: {@code metrics.host}, {@code metrics.port} (0 picks a free port, -1 serves none). */
    public record Address(String host, int port)
    {
        public Address
        {
            if (port < -1 || port > 65535) {
                throw new IllegalArgumentException("metrics.port[%s] must be -1 (off), 0 (any free port) or a port".formatted(port));
            }
        }

        public static Address load(Settings settings, int defaultPort)
        {
            return new Address(settings.string("metrics.host", "127.0.0.1"), settings.integer("metrics.port", defaultPort));
        }
    }

    private final HttpServer server;

    private MetricsEndpoint(HttpServer server)
    {
        this.server = server;
    }

    public static MetricsEndpoint start(String host, int port, Supplier<String> metrics)
    {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
            server.createContext("/metrics", exchange -> {
                try (exchange) {
                    if (!exchange.getRequestMethod().equals("GET")) {
                        exchange.sendResponseHeaders(405, -1);
                        return;
                    }
                    byte[] body = metrics.get().getBytes(StandardCharsets.UTF_8);
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
