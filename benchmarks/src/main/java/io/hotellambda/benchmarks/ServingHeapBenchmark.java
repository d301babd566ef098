package io.hotellambda.benchmarks;

import io.hotellambda.config.RedisTarget;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.LocalStackConfig;
import io.hotellambda.serving.ServingConfig;
import io.hotellambda.serving.ServingLayer;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@code bin/bench serving-heap}: the serving layer's heap for {@code --hotels} hotels (50,000)
 * with {@code --days} (365) published days, the last 7 with hours: the live heap a started
 * serving layer adds once its batch view is loaded, with the default window of days held
 * ({@code batch.days} 35, {@code batch.hourly.days} 2) beside the same data held whole
 * ({@code batch.days} = every published day, hours 7), which is what the serving layer held before
 * the window existed. Both in one run, each measured after full collections.
 */
public final class ServingHeapBenchmark
{
    private ServingHeapBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        int hotels = BenchmarkSupport.argument(args, "--hotels", 50_000);
        int days = BenchmarkSupport.argument(args, "--days", 365);
        int rounds = BenchmarkSupport.argument(args, "--rounds", 2);
        Path directory = Files.createTempDirectory("hotel-lambda-bench-");
        try (LocalStack stack = LocalStack.start(LocalStackConfig.forTests(directory, Path.of("var", "cache").toAbsolutePath()))) {
            String jdbcUrl = stack.postgres().jdbcUrl(LocalStack.DATABASE);
            LocalDate last = LocalDate.now(ZoneOffset.UTC).minusDays(1);
            long started = System.nanoTime();
            ServingData.publish(jdbcUrl, hotels, last.minusDays(days - 1), last, 7);
            System.out.printf("data: %,d hotels, %s published days through the real publish (the last 7 with hours), in %.0f s%n",
                    hotels, days, (System.nanoTime() - started) / 1e9);
            for (int round = 1; round <= rounds; round++) {
                long window = heapOf(config(stack, jdbcUrl, 35, 2));
                long whole = heapOf(config(stack, jdbcUrl, Math.min(366, days), 7));
                System.out.printf("round %s: window held (35 days, 2 hourly) %,.1f MB (target < 100); every day held (%s days, 7 hourly), the earlier design %,.1f MB; ratio %.2f%n",
                        round, window / 1e6, days, whole / 1e6, (double) window / whole);
            }
        }
    }

    /** The live heap a serving layer adds once its batch view is loaded. */
    private static long heapOf(ServingConfig config)
            throws Exception
    {
        long before = liveHeap();
        try (ServingLayer serving = ServingLayer.start(config, Clock.systemUTC())) {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (serving.batch().current().isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the batch view did not load: " + serving.batch().status());
                }
                Thread.sleep(100);
            }
            long loaded = liveHeap();
            return loaded - before;
        }
    }

    private static long liveHeap()
            throws InterruptedException
    {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static ServingConfig config(LocalStack stack, String jdbcUrl, int batchDays, int hourlyDays)
    {
        return new ServingConfig("127.0.0.1", 0, 8, jdbcUrl, "postgres", "",
                new RedisTarget(URI.create(stack.redis().uri()), List.of(), Duration.ofMillis(100)), 8, Duration.ofSeconds(1),
                Duration.ofDays(7), Duration.ofMillis(20), Duration.ofSeconds(30), Duration.ofHours(1), batchDays, hourlyDays, 1000, 64 * 1024);
    }
}
