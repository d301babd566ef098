package io.hotellambda.benchmarks;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The baseline for the speed layer: how many events/s Redis takes when a client writes each
 * event's counters directly (INCRBY views, PFADD viewer, HINCRBY country, HINCRBY device),
 * pipelined 1,000 events at a time, no Spark and no Kafka. Keys are spread over 50,000 hotels.
 */
final class RedisCeiling
{
    private RedisCeiling() {}

    static double eventsPerSecond(String uri, Duration duration)
    {
        try (UnifiedJedis redis = new UnifiedJedis(URI.create(uri))) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long events = 0;
            long started = System.nanoTime();
            long deadline = started + duration.toNanos();
            while (System.nanoTime() < deadline) {
                try (AbstractPipeline pipeline = redis.pipelined()) {
                    for (int i = 0; i < 1000; i++) {
                        int hotel = random.nextInt(50_000);
                        pipeline.incrBy("bench:v:{%d}:2026112310".formatted(hotel), 1);
                        pipeline.pfadd("bench:u:{%d}:2026112310".formatted(hotel), "viewer-" + random.nextInt(1_000_000));
                        pipeline.hincrBy("bench:vc:{%d}:20261123".formatted(hotel), "NL", 1);
                        pipeline.hincrBy("bench:vd:{%d}:20261123".formatted(hotel), "mobile", 1);
                    }
                    pipeline.sync();
                }
                events += 1000;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            redis.flushAll();
            return events / seconds;
        }
    }
}
