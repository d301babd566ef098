package io.hotellambda.benchmarks;

import io.hotellambda.schemas.SpeedChanges;
import io.hotellambda.schemas.SpeedHeartbeat;
import io.hotellambda.schemas.SpeedCounter;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.JedisPooled;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The speed layer's writes while a serving benchmark runs: once a second, as its micro-batches
 * do, adds views to the current hour's and day's counters of {@code perSecond} random hotels and
 * names them on the change feed, so a serving layer that follows the feed keeps reading Redis.
 */
final class SpeedWrites
        implements AutoCloseable
{
    private final JedisPooled redis;
    private final int hotels;
    private final int perSecond;
    private final Thread thread;
    private final AtomicLong counters = new AtomicLong();
    private final AtomicLong entries = new AtomicLong();
    private volatile boolean running = true;

    private SpeedWrites(String redisUri, int hotels, int perSecond)
    {
        this.redis = new JedisPooled(URI.create(redisUri));
        this.hotels = hotels;
        this.perSecond = perSecond;
        this.thread = new Thread(this::run, "speed-writes");
        thread.setDaemon(true);
    }

    static SpeedWrites start(String redisUri, int hotels, int perSecond)
    {
        SpeedWrites writes = new SpeedWrites(redisUri, hotels, perSecond);
        writes.thread.start();
        return writes;
    }

    long counters()
    {
        return counters.get();
    }

    long entries()
    {
        return entries.get();
    }

    private void run()
    {
        Random random = new Random(7);
        while (running) {
            long started = System.nanoTime();
            Instant now = Instant.now();
            String hour = SpeedCounter.Bucket.HOUR.of(now);
            String day = SpeedCounter.Bucket.DAY.of(now);
            TreeSet<Long> written = new TreeSet<>();
            try (AbstractPipeline pipeline = redis.pipelined()) {
                while (written.size() < perSecond) {
                    long hotel = 1 + random.nextInt(hotels);
                    if (written.add(hotel)) {
                        long views = 1 + random.nextInt(5);
                        pipeline.incrBy(SpeedCounter.VIEWS.key(hotel, hour), views);
                        pipeline.incrBy(SpeedCounter.DAILY_VIEWS.key(hotel, day), views);
                    }
                }
                pipeline.sync();
            }
            SpeedChanges.publish(redis, Map.of(day, written));
            SpeedHeartbeat.write(redis, new SpeedHeartbeat.Beat(Instant.now(), Duration.ofDays(7)));
            counters.addAndGet(written.size());
            entries.incrementAndGet();
            try {
                Thread.sleep(Math.max(0, 1000 - (System.nanoTime() - started) / 1_000_000));
            }
            catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close()
    {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        redis.close();
    }
}
