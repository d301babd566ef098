package io.hotellambda.speed;

import io.hotellambda.config.RedisTarget;
import io.hotellambda.schemas.SpeedHeartbeat;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes the speed layer's heartbeat ({@link SpeedHeartbeat}) from the driver every interval: the
 * start of the query's newest completed trigger, which Spark also reports for idle triggers (every
 * {@code spark.sql.streaming.noDataProgressEventInterval}, 10 s by default). A query that is
 * stuck (Redis or Kafka not answering) completes no trigger, so its heartbeat ages, and the
 * serving layer says its answers are degraded. Redis not answering here is expected during an
 * outage and only skips a beat.
 */
final class HeartbeatWriter
        implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatWriter.class);

    private final StreamingQuery query;
    private final UnifiedJedis redis;
    private final Duration counterTtl;
    private final ScheduledExecutorService executor;

    private HeartbeatWriter(StreamingQuery query, UnifiedJedis redis, Duration counterTtl, ScheduledExecutorService executor)
    {
        this.query = query;
        this.redis = redis;
        this.counterTtl = counterTtl;
        this.executor = executor;
    }

    /** {@code counterTtl} travels with each beat, so a reader can check it asks nothing older of the counters. */
    static HeartbeatWriter start(StreamingQuery query, RedisTarget target, Duration interval, Duration counterTtl)
    {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "speed-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        HeartbeatWriter writer = new HeartbeatWriter(query, target.connect(1), counterTtl, executor);
        executor.scheduleWithFixedDelay(writer::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return writer;
    }

    private void beat()
    {
        if (query.isActive()) {
            write();
        }
    }

    /** The newest completed trigger, if any: true of a stopped query too, whose heartbeat then ages. */
    private void write()
    {
        try {
            StreamingQueryProgress progress = query.lastProgress();
            if (progress != null) {
                SpeedHeartbeat.write(redis, new SpeedHeartbeat.Beat(Instant.parse(progress.timestamp()), counterTtl));
            }
        }
        catch (JedisException e) {
            // Redis is away: the heartbeat ages, which is what it is for
        }
        catch (RuntimeException e) {
            // a bug: said once per beat with its stack trace, and the next beat tries again
            LOG.error("cannot write the speed layer's heartbeat", e);
        }
    }

    /** Stops beating, after one last beat: a query stopped right after its last trigger still says how far it got. */
    @Override
    public void close()
    {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        write();
        redis.close();
    }
}
