package io.hotellambda.benchmarks;

import io.hotellambda.config.RedisTarget;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.LocalStackConfig;
import io.hotellambda.schemas.SpeedChanges;
import io.hotellambda.schemas.SpeedCounter;
import io.hotellambda.serving.ServingConfig;
import io.hotellambda.serving.ServingLayer;
import io.javalin.Javalin;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.JedisPooled;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * {@code bin/bench serving}: the serving layer's lookups against real PostgreSQL and Redis,
 * side by side in one run with a bare Javalin endpoint (the same server stack, no work), the same
 * lookups on a serving layer that reads Redis per lookup (no replica), and raw Redis reads of the
 * keys one lookup, and one 1,000-hotel query, would read. The batch view holds {@code --hotels}
 * hotels with 30 published days (7 of them hourly); W is yesterday's midnight, as before the
 * nightly run, so a lookup needs the speed layer's day counters of yesterday and today, which
 * {@link SpeedWrites} keeps changing. Rounds alternate the scenarios; the report gives medians over
 * rounds and per-round ratios, because these machines are noisy. Last, the replica's lag.
 */
public final class ServingBenchmark
{
    private static final int QUERY_SIZE = 1000;
    private static final int BATCH_DAYS = 30;
    private static final int SPEED_WRITES_PER_SECOND = 5_000;

    private ServingBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        int rounds = BenchmarkSupport.argument(args, "--rounds", 3);
        Duration measure = Duration.ofSeconds(BenchmarkSupport.argument(args, "--seconds", 10));
        Duration warmup = Duration.ofSeconds(BenchmarkSupport.argument(args, "--warmup", 5));
        int connections = BenchmarkSupport.argument(args, "--connections", 64);
        int hotels = BenchmarkSupport.argument(args, "--hotels", 10_000);
        int httpThreads = BenchmarkSupport.argument(args, "--http-threads", 8);

        Path directory = Files.createTempDirectory("hotel-lambda-bench-");
        try (LocalStack stack = LocalStack.start(LocalStackConfig.forTests(directory, Path.of("var", "cache").toAbsolutePath()))) {
            String jdbcUrl = stack.postgres().jdbcUrl(LocalStack.DATABASE);
            Instant now = Instant.now();
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            Instant watermark = today.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            long started = System.nanoTime();
            // the nightly run for yesterday has not happened yet: the batch ends the day before
            publishBatch(jdbcUrl, hotels, today.minusDays(2));
            List<String> speedDays = writeSpeed(stack.redis().uri(), hotels, watermark, now);
            System.out.printf("data: %,d hotels, %s batch days, W %s; a lookup reads %s Redis keys; loaded in %.1f s%n",
                    hotels, BATCH_DAYS, watermark, speedDays.size(), (System.nanoTime() - started) / 1e9);

            ServingConfig config = servingConfig(stack, jdbcUrl, httpThreads, connections, Duration.ofMillis(20));
            Random random = new Random(20261124);
            List<Long> lookedUp = random.longs(4096, 1, hotels + 1).boxed().toList();
            List<String[]> lookupKeys = lookedUp.stream().map(id -> speedDays.stream().map(day -> SpeedCounter.DAILY_VIEWS.key(id, day)).toArray(String[]::new)).toList();
            try (ServingLayer serving = ServingLayer.start(config, Clock.systemUTC());
                    ServingLayer perLookup = ServingLayer.start(servingConfig(stack, jdbcUrl, httpThreads, connections, Duration.ZERO), Clock.systemUTC());
                    JedisPooled redis = new JedisPooled(pool(connections), URI.create(stack.redis().uri()), 1000);
                    SpeedWrites speedWrites = SpeedWrites.start(stack.redis().uri(), hotels, SPEED_WRITES_PER_SECOND)) {
                awaitBatchView(serving);
                awaitBatchView(perLookup);
                Javalin bare = bareEndpoint(httpThreads);
                try {
                    List<byte[]> one = lookedUp.stream().map(id -> get("/v1/views?hotel_id=" + id)).toList();
                    List<long[]> querySets = new ArrayList<>();
                    for (int i = 0; i < 16; i++) {
                        querySets.add(random.longs(1, hotels + 1).distinct().limit(QUERY_SIZE).toArray());
                    }
                    List<byte[]> query = querySets.stream().map(ids -> HttpLoadGenerator.postRequest("/v1/views/query",
                            Arrays.stream(ids).mapToObj(Long::toString).collect(Collectors.joining(",", "{\"hotel_ids\": [", "]}")))).toList();
                    List<List<String[]>> queryKeys = querySets.stream().map(ids -> Arrays.stream(ids)
                            .mapToObj(id -> speedDays.stream().map(day -> SpeedCounter.DAILY_VIEWS.key(id, day)).toArray(String[]::new)).toList()).toList();
                    AtomicInteger nextKeys = new AtomicInteger();
                    AtomicInteger nextQueryKeys = new AtomicInteger();
                    List<Scenario> scenarios = List.of(
                            new Scenario("bare GET", connections, () -> HttpLoadGenerator.run("bare GET", bare.port(), get("/bare"), 200, connections, warmup, measure)),
                            new Scenario("GET /v1/views", connections, () -> HttpLoadGenerator.run("GET /v1/views", serving.port(), one, 200, connections, warmup, measure)),
                            new Scenario("GET, Redis per lookup", connections, () -> HttpLoadGenerator.run("GET, Redis per lookup", perLookup.port(), one, 200, connections, warmup, measure)),
                            new Scenario("raw Redis MGET", connections, () -> RedisLoad.run("raw Redis MGET", connections, warmup, measure,
                                    () -> redis.mget(lookupKeys.get(Math.floorMod(nextKeys.getAndIncrement(), lookupKeys.size()))))),
                            new Scenario("POST query 1000, 1 conn", 1, () -> HttpLoadGenerator.run("POST query 1000, 1 conn", serving.port(), query, 200, 1, warmup, measure)),
                            new Scenario("POST query 1000", connections, () -> HttpLoadGenerator.run("POST query 1000", serving.port(), query, 200, connections, warmup, measure)),
                            new Scenario("raw Redis, query's keys", connections, () -> RedisLoad.run("raw Redis, query's keys", connections, warmup, measure,
                                    () -> pipelinedMget(redis, queryKeys.get(Math.floorMod(nextQueryKeys.getAndIncrement(), queryKeys.size()))))))
                            .stream().filter(scenario -> scenario.name().matches(BenchmarkSupport.stringArgument(args, "--only", ".*"))).toList();
                    System.out.printf("hotel-lambda serving benchmark, %s, %s cores, %s rounds x %ss (+%ss warm-up), %s connections; "
                                    + "%,d hotels looked up in turn; the speed layer's writes go on: %,d day counters a second, named on its change feed%n",
                            LocalDate.now(), Runtime.getRuntime().availableProcessors(), rounds, measure.toSeconds(), warmup.toSeconds(), connections,
                            lookedUp.stream().distinct().count(), SPEED_WRITES_PER_SECOND);
                    List<HttpLoadGenerator.Result> results = new ArrayList<>();
                    for (int round = 1; round <= rounds; round++) {
                        for (Scenario scenario : scenarios) {
                            results.add(scenario.run().call());
                        }
                        System.out.printf("round %s done%n", round);
                    }
                    report(results);
                    System.out.println(replicaLag(serving.port(), stack.redis().uri(), hotels));
                    System.out.printf("speed writes during the run: %,d counters in %,d feed entries; the replica: %s%n",
                            speedWrites.counters(), speedWrites.entries(), serving.health());
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

    /**
     * How soon a counter the speed layer writes shows in answers: 50 times, a view of a hotel no
     * one else writes, then its feed entry; then {@code GET /v1/views} until the view is there.
     */
    private static String replicaLag(int port, String redisUri, int hotels)
            throws Exception
    {
        HttpClient http = HttpClient.newHttpClient();
        List<Double> lags = new ArrayList<>();
        try (JedisPooled redis = new JedisPooled(URI.create(redisUri))) {
            for (int trial = 1; trial <= 50; trial++) {
                long hotel = hotels + trial;
                String day = SpeedCounter.Bucket.DAY.of(Instant.now());
                long written = System.nanoTime();
                redis.incrBy(SpeedCounter.DAILY_VIEWS.key(hotel, day), 1);
                SpeedChanges.publish(redis, Map.of(day, List.of(hotel)));
                HttpRequest lookup = HttpRequest.newBuilder(URI.create("http://127.0.0.1:%s/v1/views?hotel_id=%s".formatted(port, hotel))).build();
                while (!http.send(lookup, HttpResponse.BodyHandlers.ofString()).body().contains("\"view_count\":1,")) {
                    if (System.nanoTime() - written > Duration.ofSeconds(10).toNanos()) {
                        throw new IllegalStateException("hotel %s's view did not show within 10 s".formatted(hotel));
                    }
                    Thread.sleep(1);
                }
                lags.add((System.nanoTime() - written) / 1e6);
            }
        }
        lags.sort(null);
        return "replica lag (a written counter until answers show it, 50 times): median %.1f ms, max %.1f ms".formatted(lags.get(lags.size() / 2), lags.get(lags.size() - 1));
    }

    private static ServingConfig servingConfig(LocalStack stack, String jdbcUrl, int httpThreads, int connections, Duration replicaPoll)
    {
        return new ServingConfig("127.0.0.1", 0, httpThreads, jdbcUrl, "postgres", "",
                new RedisTarget(URI.create(stack.redis().uri()), List.of(), Duration.ofMillis(100)), connections, Duration.ofSeconds(1),
                Duration.ofDays(7), replicaPoll, Duration.ofSeconds(30), Duration.ofSeconds(10), 35, 2, QUERY_SIZE, 64 * 1024);
    }

    /** What the nightly job publishes, for {@code BATCH_DAYS} days up to {@code lastDay} (the last 7 with hours), through the serving tables' owner. */
    private static void publishBatch(String jdbcUrl, int hotels, LocalDate lastDay)
            throws Exception
    {
        ServingData.publish(jdbcUrl, hotels, lastDay.minusDays(BATCH_DAYS - 1), lastDay, 7);
    }

    /** The speed layer's view counters of every hotel from {@code from} to now, hourly and daily; returns the days, whose counters a lookup reads. */
    private static List<String> writeSpeed(String redisUri, int hotels, Instant from, Instant now)
    {
        List<String> hours = new ArrayList<>();
        for (Instant hour = from; !hour.isAfter(now); hour = hour.plus(1, ChronoUnit.HOURS)) {
            hours.add(SpeedCounter.Bucket.HOUR.of(hour));
        }
        List<String> days = hours.stream().map(hour -> hour.substring(0, 8)).distinct().toList();
        try (JedisPooled redis = new JedisPooled(URI.create(redisUri)); AbstractPipeline pipeline = redis.pipelined()) {
            for (long id = 1; id <= hotels; id++) {
                for (String hour : hours) {
                    long views = 1 + (id + hour.hashCode() & 0xffff) % 50;
                    pipeline.set(SpeedCounter.VIEWS.key(id, hour), Long.toString(views));
                    pipeline.incrBy(SpeedCounter.DAILY_VIEWS.key(id, hour.substring(0, 8)), views);
                }
                if (id % 1000 == 0) {
                    pipeline.sync();
                }
            }
            pipeline.sync();
        }
        return days;
    }

    private static void awaitBatchView(ServingLayer serving)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (serving.batch().current().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the serving layer did not load its batch view: " + serving.batch().status());
            }
            Thread.sleep(100);
        }
    }

    /** The baseline: the same server stack (and thread pool) answering a view count of the same shape, from a constant. */
    private static Javalin bareEndpoint(int httpThreads)
    {
        Javalin bare = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jetty.threadPool = new QueuedThreadPool(httpThreads, Math.min(8, httpThreads), 60_000);
        });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("hotel_id", 5000);
        answer.put("view_count", 10342);
        answer.put("batch_count", 10001);
        answer.put("speed_count", 341);
        answer.put("watermark", "2026-11-22T00:00:00Z");
        answer.put("degraded", false);
        bare.get("/bare", ctx -> ctx.json(answer));
        return bare.start("127.0.0.1", 0);
    }

    private static void report(List<HttpLoadGenerator.Result> results)
    {
        Map<String, List<HttpLoadGenerator.Result>> byName = results.stream().collect(Collectors.groupingBy(HttpLoadGenerator.Result::name, LinkedHashMap::new, Collectors.toList()));
        System.out.printf("%n%-26s %6s %12s %9s %9s %7s %10s%n", "scenario (medians)", "conns", "requests/s", "p50 ms", "p99 ms", "errors", "cpu cores");
        byName.forEach((name, runs) -> System.out.printf("%-26s %6s %12.0f %9.2f %9.2f %7s %10.2f%n", name, runs.get(0).connections(),
                BenchmarkSupport.median(runs, HttpLoadGenerator.Result::requestsPerSecond), BenchmarkSupport.median(runs, HttpLoadGenerator.Result::p50Millis),
                BenchmarkSupport.median(runs, HttpLoadGenerator.Result::p99Millis), runs.stream().mapToLong(HttpLoadGenerator.Result::errors).sum(),
                BenchmarkSupport.median(runs, HttpLoadGenerator.Result::cpuCores)));
        if (byName.size() < 7) {
            return;
        }
        System.out.printf("%nGET /v1/views / bare GET = %.2f median of per-round ratios (%.2f as a ratio of medians); target >= 0.50%n",
                BenchmarkSupport.pairedRatio(byName.get("GET /v1/views"), byName.get("bare GET")), BenchmarkSupport.ratioOfMedians(byName.get("GET /v1/views"), byName.get("bare GET")));
        System.out.printf("GET /v1/views / raw Redis MGET of its keys = %.2f median of per-round ratios%n",
                BenchmarkSupport.pairedRatio(byName.get("GET /v1/views"), byName.get("raw Redis MGET")));
        System.out.printf("GET /v1/views / the same GET reading Redis per lookup = %.2f median of per-round ratios%n",
                BenchmarkSupport.pairedRatio(byName.get("GET /v1/views"), byName.get("GET, Redis per lookup")));
        System.out.printf("GET /v1/views p99 = %.2f ms (target < 10)%n", BenchmarkSupport.median(byName.get("GET /v1/views"), HttpLoadGenerator.Result::p99Millis));
        System.out.printf("POST /v1/views/query (1,000 ids) p99 = %.2f ms on 1 connection, %.2f ms on %s (target < 25)%n",
                BenchmarkSupport.median(byName.get("POST query 1000, 1 conn"), HttpLoadGenerator.Result::p99Millis),
                BenchmarkSupport.median(byName.get("POST query 1000"), HttpLoadGenerator.Result::p99Millis), byName.get("POST query 1000").get(0).connections());
        System.out.printf("POST /v1/views/query / a raw Redis read of its keys (1,000 MGETs, pipelined) = %.2f median of per-round ratios%n",
                BenchmarkSupport.pairedRatio(byName.get("POST query 1000"), byName.get("raw Redis, query's keys")));
        System.out.printf("per-round requests/s: %s%n", results.stream().map(result -> "%s=%.0f".formatted(result.name(), result.requestsPerSecond())).collect(Collectors.joining(", ")));
    }

    /** What a 1,000-hotel query reads without the replica: one MGET per hotel (its keys share a hash slot), in one pipeline. */
    private static void pipelinedMget(JedisPooled redis, List<String[]> keysByHotel)
    {
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (String[] keys : keysByHotel) {
                pipeline.mget(keys);
            }
            pipeline.sync();
        }
    }

    private static byte[] get(String path)
    {
        return "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".formatted(path).getBytes(StandardCharsets.US_ASCII);
    }

    private static ConnectionPoolConfig pool(int size)
    {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(size);
        pool.setMaxIdle(size);
        return pool;
    }

    private record Scenario(String name, int connections, Callable<HttpLoadGenerator.Result> run) {}
}
