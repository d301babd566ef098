package io.hotellambda.booking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.Ports;
import io.hotellambda.sandbox.SandboxConfig;
import io.hotellambda.sandbox.SandboxServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A started booking-app on a free port, against the shared local stack, with a database of its
 * own (so test classes do not see each other's hotels) and a random admin token.
 */
public final class TestingBookingApp
        implements AutoCloseable
{
    private static final AtomicInteger DATABASES = new AtomicInteger();

    public static final String SANDBOX_API_KEY = "sk_sandbox_tests_" + UUID.randomUUID();
    public static final String WEBHOOK_SECRET = "whsec_tests_" + UUID.randomUUID();

    private final BookingAppConfig config;
    private final Clock clock;
    private final SandboxServer sandbox;
    private BookingApp app;
    private final String adminToken = "admin-" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    public TestingBookingApp(LocalStack stack)
    {
        this(stack, Clock.systemUTC(), Duration.ofSeconds(1));
    }

    /** On {@code clock}, with the hold sweeper running every {@code sweeperInterval}; no serving layer (a port nothing listens on). */
    public TestingBookingApp(LocalStack stack, Clock clock, Duration sweeperInterval)
    {
        this(stack, clock, sweeperInterval, URI.create("http://127.0.0.1:%s".formatted(Ports.freePort())));
    }

    /** As above, asking the serving layer at {@code servingUrl} for search's popularity. */
    public TestingBookingApp(LocalStack stack, Clock clock, Duration sweeperInterval, URI servingUrl)
    {
        this(stack, clock, sweeperInterval, servingUrl, Duration.ofSeconds(2));
    }

    /** Waiting up to {@code produceTimeout} for Kafka to acknowledge an event (the producer's {@code max.block.ms} is half of it). */
    public TestingBookingApp(LocalStack stack, Duration produceTimeout)
    {
        this(stack, Clock.systemUTC(), Duration.ofSeconds(1), URI.create("http://127.0.0.1:%s".formatted(Ports.freePort())), produceTimeout);
    }

    private TestingBookingApp(LocalStack stack, Clock clock, Duration sweeperInterval, URI servingUrl, Duration produceTimeout)
    {
        String database = "booking_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        stack.postgres().createDatabase(database);
        // a fixed port, so the sandbox's webhooks find booking-app again after a restart
        int port = Ports.freePort();
        this.sandbox = SandboxServer.start(new SandboxConfig("127.0.0.1", 0, SANDBOX_API_KEY, URI.create("http://127.0.0.1:%s/v1/payments/webhooks".formatted(port)),
                WEBHOOK_SECRET, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMinutes(10)), clock);
        this.config = new BookingAppConfig(
                "127.0.0.1", port,
                stack.postgres().jdbcUrl(database), "postgres", "", 8,
                stack.kafka().bootstrapServers(),
                produceTimeout,
                Optional.of(adminToken),
                1000, 1024 * 1024, 64 * 1024,
                Duration.ofSeconds(60),
                Duration.ofMinutes(10), 365, sweeperInterval, Duration.ofMillis(50), Duration.ofHours(24),
                URI.create("http://127.0.0.1:%s".formatted(sandbox.port())), SANDBOX_API_KEY, WEBHOOK_SECRET, Duration.ofSeconds(300),
                Duration.ofMillis(500), Duration.ofDays(30), Duration.ofMillis(200),
                servingUrl, Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofMillis(200), Optional.empty());
        this.clock = clock;
        this.app = BookingApp.start(config, clock);
    }

    /** The sandbox payment provider's base URL, for tests that drive it as a guest's browser would. */
    public URI sandboxUri(String path)
    {
        return URI.create("http://127.0.0.1:%s%s".formatted(sandbox.port(), path));
    }

    /** A call on the sandbox provider's API with its key, as a test's stand-in for the guest's browser and the provider's dashboard. */
    public Response sandbox(String method, String path, String body)
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(sandboxUri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + SANDBOX_API_KEY);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request);
    }

    public String jdbcUrl()
    {
        return config.databaseUrl();
    }

    /** Stops booking-app and starts a new one on the same database, as a restart after a crash would. */
    public void restart()
    {
        app.close();
        app = BookingApp.start(config, clock);
    }

    /** Stops booking-app; {@link #restart} brings it back. */
    public void stop()
    {
        app.close();
    }

    /** Every route booking-app serves, as {@code "GET /path"}. */
    public java.util.SortedSet<String> routes()
    {
        return app.routes();
    }

    public String adminToken()
    {
        return adminToken;
    }

    public URI uri(String path)
    {
        return URI.create("http://127.0.0.1:%s%s".formatted(app.port(), path));
    }

    public Response get(String path, Map<String, String> headers)
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        headers.forEach(request::header);
        return send(request);
    }

    public Response send(String method, String path, String body, Optional<String> token)
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        return send(request);
    }

    /** Any method, with a JSON body when {@code body} is not null, and the given headers. */
    public Response send(String method, String path, String body, Map<String, String> headers)
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return send(request);
    }

    public Response post(String path, String body)
    {
        return send("POST", path, body, Optional.empty());
    }

    /** Creates a hotel through the API as admin and returns its id. */
    public long createHotel(String name, String city, int stars, String... amenities)
    {
        String body = """
                {"name": "%s", "city": "%s", "country": "NL", "address": "Damrak 1", "star_rating": %s, "amenities": %s}
                """.formatted(name, city, stars, toJson(amenities));
        Response response = send("POST", "/v1/hotels", body, Optional.of(adminToken));
        if (response.status() != 201) {
            throw new IllegalStateException("cannot create hotel: " + response);
        }
        return response.json().get("id").asLong();
    }

    public String toJson(Object value)
    {
        try {
            return json.writeValueAsString(value);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response send(HttpRequest.Builder request)
    {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.headers().map(), response.body(), json);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close()
    {
        app.close();
        sandbox.close();
    }

    public record Response(int status, String contentType, Map<String, java.util.List<String>> headers, String body, ObjectMapper mapper)
    {
        public JsonNode json()
        {
            try {
                return mapper.readTree(body);
            }
            catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }

        public Optional<String> header(String name)
        {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream())
                    .findFirst();
        }

        @Override
        public String toString()
        {
            return "HTTP %s %s".formatted(status, body);
        }
    }
}
