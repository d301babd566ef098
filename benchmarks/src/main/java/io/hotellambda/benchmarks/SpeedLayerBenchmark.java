package io.hotellambda.benchmarks;

import io.hotellambda.booking.BookingApp;
import io.hotellambda.booking.BookingAppConfig;
import io.hotellambda.config.Settings;
import io.hotellambda.infra.ChildProcess;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.LocalStackConfig;
import io.hotellambda.infra.Ports;
import io.hotellambda.infra.SpeedLayerProcess;
import io.hotellambda.schemas.SpeedCounter;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code bin/bench speed}: the speed layer (its real main, a child JVM on {@code local[2]}) against
 * the real local stack, in one run:
 * <ol>
 *   <li>the baseline: Redis's pipelined-write ceiling for the same per-event writes (INCRBY,
 *       PFADD, 2 HINCRBY) issued one event at a time, no Spark, no Kafka;</li>
 *   <li>sustained throughput: events produced to Kafka at a fixed rate (Zipf over 50,000 hotels)
 *       for a measured window after a warm-up, and whether the query kept up (its lag did not grow);</li>
 *   <li>freshness: at 5,000 events/s through booking-app's batch API, probe views sent one at a
 *       time through {@code POST /v1/views}, timed from the 202 until Redis shows them.</li>
 * </ol>
 */
public final class SpeedLayerBenchmark
{
    private SpeedLayerBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        Duration measure = Duration.ofSeconds(BenchmarkSupport.argument(args, "--seconds", 60));
        Duration warmup = Duration.ofSeconds(BenchmarkSupport.argument(args, "--warmup", 30));
        List<Integer> rates = Arrays.stream(BenchmarkSupport.stringArgument(args, "--rates", "50000").split(",")).filter(rate -> !rate.isBlank()).map(Integer::parseInt).toList();
        int freshnessRate = BenchmarkSupport.argument(args, "--freshness-rate", 5000);
        int hotels = BenchmarkSupport.argument(args, "--hotels", 50_000);

        Path directory = Files.createTempDirectory("hotel-lambda-bench-speed-");
        try (LocalStack stack = LocalStack.start(LocalStackConfig.forTests(directory, Path.of("var", "cache").toAbsolutePath()))) {
            System.out.printf("hotel-lambda speed-layer benchmark, %s, %s cores, rates %s events/s, %ss measured after %ss warm-up, Zipf over %s hotels%n",
                    LocalDate.now(), Runtime.getRuntime().availableProcessors(), rates, measure.toSeconds(), warmup.toSeconds(), hotels);
            double ceiling = RedisCeiling.eventsPerSecond(stack.redis().uri(), Duration.ofSeconds(10));
            System.out.printf("redis pipelined per-event writes (4 commands/event, 1000/pipeline): %.0f events/s%n", ceiling);

            int metricsPort = Ports.freePort();
            ChildProcess speedLayer = SpeedLayerProcess.start(directory.resolve("speed-layer"), "3g", Map.of(
                    "SPEED_LAYER_KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers(),
                    "SPEED_LAYER_REDIS_URI", stack.redis().uri(),
                    "SPEED_LAYER_CHECKPOINT_LOCATION", directory.resolve("speed-layer/checkpoint").toString(),
                    "SPEED_LAYER_METRICS_PORT", Integer.toString(metricsPort),
                    "SPEED_LAYER_MAX_OFFSETS_PER_TRIGGER", Integer.toString(BenchmarkSupport.argument(args, "--max-offsets-per-trigger", 500_000))));
            try {
                SpeedLayerMetricsReader metrics = new SpeedLayerMetricsReader(metricsPort);
                speedLayer.awaitReady("serve metrics", Duration.ofSeconds(120), metrics::isUp);
                List<ThroughputRun.Result> throughput = new ArrayList<>();
                long produced = 0;
                int drain = BenchmarkSupport.argument(args, "--drain", 0);
                if (drain > 0) {
                    ThroughputRun.Drain catchUp = new ThroughputRun(stack.kafka().bootstrapServers(), metrics, hotels).drain(drain);
                    produced += catchUp.produced();
                    System.out.printf("catch-up: %,d events produced as fast as possible and applied at %,.0f events/s%n", catchUp.produced(), catchUp.eventsPerSecond());
                }
                for (int rate : rates) {
                    ThroughputRun.Result result = new ThroughputRun(stack.kafka().bootstrapServers(), metrics, hotels).run(rate, warmup, measure);
                    throughput.add(result);
                    produced += result.produced();
                    System.out.println(result.summary());
                }
                long counted = sumOfViewCounters(stack.redis().uri());
                System.out.printf("check: %s view events produced, %s counted in Redis (v:* keys)%s%n", produced, counted, produced == counted ? "" : "  MISMATCH");

                Optional<FreshnessRun.Result> freshness = freshnessRate <= 0 ? Optional.empty() : Optional.of(runFreshness(stack, speedLayer, freshnessRate, warmup, measure));
                System.out.printf("%nsummary%n");
                throughput.forEach(result -> System.out.printf("  sustained at %,d events/s offered: processed %,.0f events/s, lag %,d -> %,d events: %s (target 50,000 on local[2])%n",
                        result.rate(), result.processedPerSecond(), result.lagAtStart(), result.lagAtEnd(), result.keptUp() ? "KEPT UP" : "FELL BEHIND"));
                System.out.printf("  baseline: redis pipelined per-event writes, no Spark: %,.0f events/s%n", ceiling);
                freshness.ifPresent(result -> System.out.printf("  freshness at %,d events/s: 202 -> visible in Redis p50 %.0f ms, p99 %.0f ms, max %.0f ms over %s probes (target p99 <= 3000 ms); background load %,.0f events/s%n",
                        freshnessRate, result.p50Millis(), result.p99Millis(), result.maxMillis(), result.probes(), result.backgroundPerSecond()));
            }
            catch (RuntimeException e) {
                System.err.println("speed-layer log (tail):\n" + speedLayer.logTail());
                throw e;
            }
            finally {
                speedLayer.stop(Duration.ofSeconds(30));
                // its one JSON line per micro-batch is the detail behind the numbers above
                Path kept = Path.of("var", "bench", "speed-layer.log").toAbsolutePath();
                Files.createDirectories(kept.getParent());
                Files.copy(speedLayer.logFile(), kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                System.out.println("speed-layer log (one JSON line per micro-batch): " + kept);
            }
        }
        finally {
            BenchmarkSupport.deleteRecursively(directory);
        }
    }

    private static FreshnessRun.Result runFreshness(LocalStack stack, ChildProcess speedLayer, int rate, Duration warmup, Duration measure)
            throws Exception
    {
        stack.postgres().createDatabase("bench");
        String adminToken = "bench-admin-" + UUID.randomUUID();
        BookingAppConfig config = BookingAppConfig.load(Settings.of(BookingAppConfig.ENV_PREFIX, Map.of(
                "http.port", "0", "db.url", stack.postgres().jdbcUrl("bench"), "kafka.bootstrap.servers", stack.kafka().bootstrapServers(),
                "admin.token", adminToken, "views.batch.max.events", String.valueOf(1000), "hotel.cache.ttl", "10m")));
        try (BookingApp app = BookingApp.start(config); UnifiedJedis redis = new UnifiedJedis(URI.create(stack.redis().uri()))) {
            List<Long> hotels = BenchmarkSupport.createHotels(app.port(), adminToken, 101);
            FreshnessRun run = new FreshnessRun(app.port(), redis, hotels.subList(1, hotels.size()), hotels.get(0));
            run.run(rate, warmup.dividedBy(2), false);
            if (!speedLayer.isAlive()) {
                throw new IllegalStateException("the speed layer died:\n" + speedLayer.logTail());
            }
            return run.run(rate, measure, true);
        }
    }

    private static long sumOfViewCounters(String uri)
    {
        try (UnifiedJedis redis = new UnifiedJedis(URI.create(uri))) {
            long sum = 0;
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams match = new ScanParams().match(SpeedCounter.VIEWS.keyPattern()).count(5000);
            do {
                ScanResult<String> page = redis.scan(cursor, match);
                if (!page.getResult().isEmpty()) {
                    for (String value : redis.mget(page.getResult().toArray(String[]::new))) {
                        sum += value == null ? 0 : Long.parseLong(value);
                    }
                }
                cursor = page.getCursor();
            }
            while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            return sum;
        }
    }
}
