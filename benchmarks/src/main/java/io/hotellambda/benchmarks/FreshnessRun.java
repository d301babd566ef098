package io.hotellambda.benchmarks;

import io.hotellambda.schemas.SpeedCounter;
import redis.clients.jedis.UnifiedJedis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Freshness through the whole path: booking-app's 202 (acks=all in Kafka), the speed layer's next
 * micro-batch, the Redis apply. Background views arrive through {@code POST /v1/views/batch} at a
 * fixed rate; meanwhile one probe at a time is sent with {@code POST /v1/views} for a hotel that
 * gets no other traffic, and timed from its 202 until its hour's view counter includes it.
 */
final class FreshnessRun
{
    private static final Pattern RECEIVED_AT = Pattern.compile("\"received_at\":(\\d+)");

    record Result(int probes, double p50Millis, double p99Millis, double maxMillis, double backgroundPerSecond) {}

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;
    private final UnifiedJedis redis;
    private final List<Long> backgroundHotels;
    private final long probeHotel;
    private final Map<String, Long> probesPerKey = new HashMap<>();

    FreshnessRun(int port, UnifiedJedis redis, List<Long> backgroundHotels, long probeHotel)
    {
        this.port = port;
        this.redis = redis;
        this.backgroundHotels = backgroundHotels;
        this.probeHotel = probeHotel;
    }

    Result run(int rate, Duration duration, boolean report)
            throws Exception
    {
        AtomicLong background = new AtomicLong();
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        SplittableRandom random = new SplittableRandom(7);
        int perTick = Math.max(1, rate / 10);
        load.scheduleAtFixedRate(() -> background.addAndGet(postBatch(random, perTick)), 0, 100, TimeUnit.MILLISECONDS);
        List<Double> latencies = new ArrayList<>();
        long started = System.nanoTime();
        try {
            while (System.nanoTime() - started < duration.toNanos()) {
                latencies.add(probe());
                Thread.sleep(100 + random.nextInt(200));
            }
        }
        finally {
            load.shutdown();
            load.awaitTermination(10, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double[] values = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        Result result = new Result(values.length, BenchmarkSupport.percentile(values, 50), BenchmarkSupport.percentile(values, 99),
                BenchmarkSupport.percentile(values, 100), background.get() / seconds);
        if (report) {
            System.out.printf("freshness: %s probes, p50 %.0f ms, p99 %.0f ms, max %.0f ms; background %.0f events/s%n",
                    result.probes(), result.p50Millis(), result.p99Millis(), result.maxMillis(), result.backgroundPerSecond());
        }
        return result;
    }

    /** Milliseconds from the probe's 202 until Redis counts it. */
    private double probe()
            throws Exception
    {
        HttpResponse<String> response = post("/v1/views", "{\"hotel_id\": %s, \"viewer_id\": \"probe\", \"country\": \"NL\", \"device\": \"desktop\"}".formatted(probeHotel));
        long accepted = System.nanoTime();
        if (response.statusCode() != 202) {
            throw new IllegalStateException("probe not accepted: " + response.body());
        }
        Matcher matcher = RECEIVED_AT.matcher(response.body());
        if (!matcher.find()) {
            throw new IllegalStateException("no received_at in " + response.body());
        }
        String key = SpeedCounter.VIEWS.key(probeHotel, Instant.ofEpochMilli(Long.parseLong(matcher.group(1))));
        long expected = probesPerKey.merge(key, 1L, Long::sum);
        long deadline = accepted + Duration.ofSeconds(60).toNanos();
        while (true) {
            String value = redis.get(key);
            if (value != null && Long.parseLong(value) >= expected) {
                return (System.nanoTime() - accepted) / 1e6;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("probe not visible in Redis within 60 s: " + key);
            }
            Thread.sleep(2);
        }
    }

    private int postBatch(SplittableRandom random, int events)
    {
        String body = IntStream.range(0, events)
                .mapToObj(i -> "{\"hotel_id\": %s, \"viewer_id\": \"viewer-%s\", \"country\": \"DE\", \"device\": \"mobile\"}".formatted(
                        backgroundHotels.get(random.nextInt(backgroundHotels.size())), random.nextInt(1_000_000)))
                .collect(Collectors.joining(",", "{\"events\": [", "]}"));
        try {
            HttpResponse<String> response = post("/v1/views/batch", body);
            return response.statusCode() == 202 ? events : 0;
        }
        catch (Exception e) {
            return 0;
        }
    }

    private HttpResponse<String> post(String path, String body)
            throws Exception
    {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:%s%s".formatted(port, path)))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
