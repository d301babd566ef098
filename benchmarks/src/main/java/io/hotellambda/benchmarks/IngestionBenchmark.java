package io.hotellambda.benchmarks;

import io.hotellambda.booking.BookingApp;
import io.hotellambda.booking.BookingAppConfig;
import io.hotellambda.config.Settings;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.LocalStackConfig;
import io.javalin.Javalin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code bin/bench ingestion}: POST /v1/views and POST /v1/views/batch against a real booking-app
 * (real PostgreSQL, real KRaft broker, acks=all), side by side with a bare Javalin endpoint that
 * answers 202 without Kafka, in the same JVM and run. Rounds alternate the scenarios, and the
 * report takes medians over rounds, because these machines are noisy.
 */
public final class IngestionBenchmark
{
    private static final int BATCH_SIZE = 1000;
    private static final int HOTELS = 100;

    private IngestionBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        int rounds = BenchmarkSupport.argument(args, "--rounds", 3);
        Duration measure = Duration.ofSeconds(BenchmarkSupport.argument(args, "--seconds", 10));
        Duration warmup = Duration.ofSeconds(BenchmarkSupport.argument(args, "--warmup", 10));
        int singleConnections = BenchmarkSupport.argument(args, "--connections", 64);
        int batchConnections = BenchmarkSupport.argument(args, "--batch-connections", 4);

        Path directory = Files.createTempDirectory("hotel-lambda-bench-");
        try (LocalStack stack = LocalStack.start(LocalStackConfig.forTests(directory, Path.of("var", "cache").toAbsolutePath()))) {
            stack.postgres().createDatabase("bench");
            String adminToken = "bench-admin-" + UUID.randomUUID();
            BookingAppConfig config = BookingAppConfig.load(Settings.of(BookingAppConfig.ENV_PREFIX, Map.of(
                "http.port", "0", "db.url", stack.postgres().jdbcUrl("bench"), "kafka.bootstrap.servers", stack.kafka().bootstrapServers(),
                "admin.token", adminToken, "views.batch.max.events", String.valueOf(BATCH_SIZE), "hotel.cache.ttl", "10m")));
            try (BookingApp app = BookingApp.start(config)) {
                Javalin bare = bareEndpoint();
                try {
                    List<Long> hotels = BenchmarkSupport.createHotels(app.port(), adminToken, HOTELS);
                    byte[] single = HttpLoadGenerator.postRequest("/v1/views", view(hotels.get(0), 0));
                    String batchBody = "{\"events\": [" + IntStream.range(0, BATCH_SIZE).mapToObj(i -> view(hotels.get(i % hotels.size()), i)).collect(Collectors.joining(",")) + "]}";
                    byte[] batch = HttpLoadGenerator.postRequest("/v1/views/batch", batchBody);
                    byte[] bareSingle = HttpLoadGenerator.postRequest("/bare", view(hotels.get(0), 0));
                    byte[] bareBatch = HttpLoadGenerator.postRequest("/bare", batchBody);

                    System.out.printf("hotel-lambda ingestion benchmark, %s, %s cores, %s rounds x %ss (+%ss warm-up), batch body %s KiB%n",
                            LocalDate.now(), Runtime.getRuntime().availableProcessors(), rounds, measure.toSeconds(), warmup.toSeconds(), batch.length / 1024);
                    List<HttpLoadGenerator.Result> results = new ArrayList<>();
                    String only = BenchmarkSupport.stringArgument(args, "--only", ".*");
                    List<Scenario> scenarios = List.of(
                            new Scenario("bare 202, single", bare.port(), bareSingle, singleConnections),
                            new Scenario("POST /v1/views", app.port(), single, singleConnections),
                            new Scenario("bare 202, 1000-event body", bare.port(), bareBatch, batchConnections),
                            new Scenario("POST /v1/views/batch", app.port(), batch, batchConnections))
                            .stream().filter(scenario -> scenario.name().matches(only)).toList();
                    // one unmeasured pass first: the Kafka path keeps compiling well past a 10 s warm-up
                    for (Scenario scenario : scenarios) {
                        HttpLoadGenerator.run(scenario.name(), scenario.port(), scenario.request(), 202, scenario.connections(), Duration.ZERO, warmup);
                    }
                    System.out.println("warm-up pass done");
                    for (int round = 1; round <= rounds; round++) {
                        for (Scenario scenario : scenarios) {
                            results.add(HttpLoadGenerator.run(scenario.name(), scenario.port(), scenario.request(), 202, scenario.connections(), warmup, measure));
                        }
                        System.out.printf("round %s done%n", round);
                    }
                    report(results);
                }
                finally {
                    bare.stop();
                }
            }
        }
        finally {
            BenchmarkSupport.deleteRecursively(directory);
        }
    }

    /** The baseline: the same server stack answering 202 with a comparable body, no Kafka, no database. */
    private static Javalin bareEndpoint()
    {
        Javalin bare = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = 1024 * 1024;
        });
        bare.post("/bare", ctx -> {
            ctx.bodyAsBytes();
            ctx.status(202).json(Map.of("event_id", UUID.randomUUID().toString(), "received_at", System.currentTimeMillis()));
        });
        return bare.start("127.0.0.1", 0);
    }

    private static void report(List<HttpLoadGenerator.Result> results)
    {
        Map<String, List<HttpLoadGenerator.Result>> byName = results.stream().collect(Collectors.groupingBy(HttpLoadGenerator.Result::name, java.util.LinkedHashMap::new, Collectors.toList()));
        System.out.printf("%n%-28s %6s %12s %14s %9s %9s %7s %10s%n", "scenario (medians)", "conns", "requests/s", "events/s", "p50 ms", "p99 ms", "errors", "cpu cores");
        byName.forEach((name, runs) -> {
            int eventsPerRequest = name.contains("1000") || name.contains("batch") ? BATCH_SIZE : 1;
            double rps = BenchmarkSupport.median(runs, HttpLoadGenerator.Result::requestsPerSecond);
            System.out.printf("%-28s %6s %12.0f %14.0f %9.2f %9.2f %7s %10.2f%n", name, runs.get(0).connections(), rps, rps * eventsPerRequest,
                    BenchmarkSupport.median(runs, HttpLoadGenerator.Result::p50Millis), BenchmarkSupport.median(runs, HttpLoadGenerator.Result::p99Millis),
                    runs.stream().mapToLong(HttpLoadGenerator.Result::errors).sum(), BenchmarkSupport.median(runs, HttpLoadGenerator.Result::cpuCores));
        });
        if (byName.containsKey("POST /v1/views") && byName.containsKey("bare 202, single")) {
            System.out.printf("%nsingle: POST /v1/views / bare = %.2f median of per-round ratios (%.2f as a ratio of medians); target >= 0.50%n",
                    BenchmarkSupport.pairedRatio(byName.get("POST /v1/views"), byName.get("bare 202, single")), BenchmarkSupport.ratioOfMedians(byName.get("POST /v1/views"), byName.get("bare 202, single")));
        }
        if (byName.containsKey("POST /v1/views/batch") && byName.containsKey("bare 202, 1000-event body")) {
            System.out.printf("batch:  POST /v1/views/batch = %.0f events/s (target >= 100000); / bare with the same body = %.2f median of per-round ratios%n",
                    BenchmarkSupport.median(byName.get("POST /v1/views/batch"), HttpLoadGenerator.Result::requestsPerSecond) * BATCH_SIZE,
                    BenchmarkSupport.pairedRatio(byName.get("POST /v1/views/batch"), byName.get("bare 202, 1000-event body")));
        }
        System.out.printf("per-round requests/s: %s%n", results.stream().map(result -> "%s=%.0f".formatted(result.name(), result.requestsPerSecond())).collect(Collectors.joining(", ")));
    }

    private static String view(long hotelId, int viewer)
    {
        String[] countries = {"NL", "DE", "FR", "GB", "US"};
        String[] devices = {"mobile", "desktop", "tablet"};
        return "{\"hotel_id\": %s, \"viewer_id\": \"viewer-%s\", \"country\": \"%s\", \"device\": \"%s\"}".formatted(hotelId, viewer, countries[viewer % countries.length], devices[viewer % devices.length]);
    }

    private record Scenario(String name, int port, byte[] request, int connections) {}
}
