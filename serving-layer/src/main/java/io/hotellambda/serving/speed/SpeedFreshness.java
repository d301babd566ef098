package io.hotellambda.serving.speed;

import io.hotellambda.schemas.SpeedHeartbeat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the speed view is current: follows the speed layer's heartbeat ({@link SpeedHeartbeat})
 * once a {@code poll}, and calls the view stale when the newest heartbeat is older than
 * {@code staleAfter}, missing (no speed layer has run), or could not be read. It is stale too
 * while the speed layer keeps its counters for less than this serving layer's {@code retention}:
 * the days in between would read as zero. Answers built on a stale speed view say
 * {@code degraded}; {@code /health} and {@code /metrics} say why. Ages are wall-clock time
 * ({@code clock}), not the answers' time axis.
 */
public final class SpeedFreshness
        implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(SpeedFreshness.class);

    /** The heartbeat as last read, or why it is unknown. */
    private record Reading(Optional<SpeedHeartbeat.Beat> heartbeat, String unknownBecause) {}

    private final UnifiedJedis redis;
    private final Clock clock;
    private final Duration retention;
    private final Duration staleAfter;
    private final Duration poll;
    private final Thread follower;
    private final AtomicLong unexpectedErrors = new AtomicLong();
    private volatile Reading reading = new Reading(Optional.empty(), "the heartbeat has not been read yet");
    private volatile boolean running = true;

    /** {@code retention}: how far back this reader asks the speed layer's counters ({@code speed.retention}). */
    public SpeedFreshness(UnifiedJedis redis, Clock clock, Duration retention, Duration staleAfter, Duration poll)
    {
        this.redis = redis;
        this.clock = clock;
        this.retention = retention;
        this.staleAfter = staleAfter;
        this.poll = poll;
        this.follower = new Thread(this::follow, "speed-freshness");
        follower.setDaemon(true);
    }

    /**
     * Reads the heartbeat once, then follows it. The start-up check where the two deployables must
     * agree: a speed layer that keeps its counters for less than {@code retention} is an
     * {@link IllegalStateException} naming both settings (a serving layer started before any speed
     * layer learns it from the first heartbeat, and says so as staleness).
     */
    public void start()
    {
        read();
        reading.heartbeat().flatMap(this::ttlTooShort).ifPresent(problem -> {
            throw new IllegalStateException(problem + "; set SERVING_LAYER_SPEED_RETENTION to at most SPEED_LAYER_COUNTER_TTL");
        });
        follower.start();
    }

    /** What is wrong with the speed view, or empty while it is current. */
    public Optional<String> staleBecause()
    {
        Reading current = reading;
        if (current.heartbeat().isEmpty()) {
            return Optional.of(current.unknownBecause());
        }
        Optional<String> ttl = ttlTooShort(current.heartbeat().get());
        if (ttl.isPresent()) {
            return ttl;
        }
        Duration age = age(current.heartbeat().get().appliedUpTo());
        if (age.compareTo(staleAfter) > 0) {
            return Optional.of("the speed layer's last heartbeat is %s s old (stale after %s s): it is down, stuck, or cut off from Kafka or Redis"
                    .formatted(age.toSeconds(), staleAfter.toSeconds()));
        }
        return Optional.empty();
    }

    public boolean isStale()
    {
        return staleBecause().isPresent();
    }

    /** The newest heartbeat's age, when one was read. */
    public Optional<Duration> heartbeatAge()
    {
        return reading.heartbeat().map(beat -> age(beat.appliedUpTo()));
    }

    private Optional<String> ttlTooShort(SpeedHeartbeat.Beat beat)
    {
        return beat.counterTtl().compareTo(retention) < 0
                ? Optional.of("speed.retention (%s) is longer than the speed layer's counter.ttl (%s): the days in between would read as zero".formatted(retention, beat.counterTtl()))
                : Optional.empty();
    }

    /** Failures of this reader that were not Redis being away: bugs, each logged with its stack trace. */
    public long unexpectedErrors()
    {
        return unexpectedErrors.get();
    }

    private Duration age(Instant heartbeat)
    {
        Duration age = Duration.between(heartbeat, clock.instant());
        return age.isNegative() ? Duration.ZERO : age;
    }

    private void follow()
    {
        while (running) {
            try {
                Thread.sleep(poll.toMillis());
            }
            catch (InterruptedException e) {
                return;
            }
            read();
        }
    }

    private void read()
    {
        try {
            reading = SpeedHeartbeat.read(redis)
                    .map(beat -> new Reading(Optional.of(beat), null))
                    .orElse(new Reading(Optional.empty(), "no heartbeat from the speed layer: it has not run for a day, or never"));
        }
        catch (JedisConnectionException e) {
            reading = new Reading(Optional.empty(), "the speed layer's heartbeat cannot be read: Redis is unavailable");
        }
        catch (JedisException e) {
            // Redis answered, with an error: a key of another type (an older speed layer's), a refused command
            reading = new Reading(Optional.empty(), "the speed layer's heartbeat cannot be read: " + e.getMessage());
        }
        catch (RuntimeException e) {
            unexpectedErrors.incrementAndGet();
            reading = new Reading(Optional.empty(), "the speed layer's heartbeat cannot be read");
            LOG.error("cannot read the speed layer's heartbeat", e);
        }
    }

    @Override
    public void close()
    {
        running = false;
        follower.interrupt();
    }
}
