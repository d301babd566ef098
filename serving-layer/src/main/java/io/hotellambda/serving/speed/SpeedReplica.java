package io.hotellambda.serving.speed;

import io.hotellambda.config.RedisScan;
import io.hotellambda.schemas.SpeedChanges;
import io.hotellambda.schemas.SpeedCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The speed layer's daily view counters ({@link SpeedCounter#DAILY_VIEWS}) of the retained days,
 * held in memory, so a lookup of whole days costs no Redis round trip. One thread keeps it
 * current: it loads every counter (SCAN, then GET), then follows the change feed
 * ({@link SpeedChanges}) every {@code poll} and reads again the counters each entry names. A
 * lookup is answered here only while the copy is current ({@link #isCurrent}); otherwise the
 * caller reads Redis itself, as it does for hours.
 * A failed call stops the copy answering until the feed reads again; a feed reset (Redis lost
 * it) or trimmed past this reader loads everything again.
 */
public final class SpeedReplica
        implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(SpeedReplica.class);
    private static final int PAGE = 1000;
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    private static final Duration STALE_AFTER = Duration.ofSeconds(5);

    /** The held counters and the feed position they are current at; null until loaded. */
    private record Copy(DayCounters counters, StreamEntryID position) {}

    private final UnifiedJedis redis;
    private final Clock clock;
    private final Duration retention;
    private final Duration poll;
    private final Thread follower;
    private volatile Copy copy;
    private volatile long currentAtNanos;
    /** The last Redis call failed: the copy does not answer until a read of the feed succeeds. */
    private volatile boolean failed;
    /** The state a failure left, for /health; null while healthy. */
    private volatile String error;
    private volatile String lastUnexpected;
    private final AtomicLong unexpectedErrors = new AtomicLong();
    private volatile boolean running = true;
    private volatile long loads;

    /** {@code clock}: the answers' time axis, which decides which days are retained. */
    public SpeedReplica(UnifiedJedis redis, Clock clock, Duration retention, Duration poll)
    {
        this.redis = redis;
        this.clock = clock;
        this.retention = retention;
        this.poll = poll;
        this.follower = new Thread(this::follow, "speed-replica");
        follower.setDaemon(true);
    }

    public void start()
    {
        follower.start();
    }

    /**
     * Views of each of {@code hotelIds} (in its order) over whole {@code days} ({@code yyyyMMdd}),
     * or empty when this copy cannot answer: it is not current, or a day is older than it keeps.
     */
    public Optional<long[]> views(long[] hotelIds, List<String> days)
    {
        Copy held = copy;
        if (!isCurrent(held)) {
            return Optional.empty();
        }
        int firstDay = firstRetainedDay();
        int[] wanted = new int[days.size()];
        for (int i = 0; i < wanted.length; i++) {
            wanted[i] = Integer.parseInt(days.get(i));
            if (wanted[i] < firstDay) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(held.counters().views(hotelIds, wanted));
    }

    /** Whether lookups are answered from memory, the hotels held, how many times everything was loaded, and the last failure. */
    public record Status(boolean current, int hotels, long loads, String error) {}

    public Status status()
    {
        Copy held = copy;
        return new Status(isCurrent(held), held == null ? 0 : held.counters().size(), loads, error);
    }

    /**
     * Current unless there is no copy yet, its follower's last Redis call failed or timed out, or
     * no read of the feed has completed for {@link #STALE_AFTER} (the follower is stuck). A
     * follower merely waiting for a core under load is no reason to stop answering: a lookup that
     * read Redis itself would wait for one too.
     */
    private boolean isCurrent(Copy held)
    {
        return held != null && !failed && System.nanoTime() - currentAtNanos <= STALE_AFTER.toNanos();
    }

    @Override
    public void close()
    {
        running = false;
        follower.interrupt();
    }

    /**
     * Loads, then follows the feed. A failed Redis call stops the copy answering at once but keeps
     * it: a slow answer under load is no reason to SCAN everything again. Before it answers again,
     * the feed is checked: a Redis that restarted without its data has lost the feed too (it is
     * gone, or starts after the copy's place), and that loads everything again.
     */
    private void follow()
    {
        long nextCheck = 0;
        while (running) {
            try {
                if (copy == null) {
                    load();
                }
                if (failed || System.nanoTime() > nextCheck) {
                    nextCheck = System.nanoTime() + CHECK_EVERY.toNanos();
                    if (!checkFeedAndPrune()) {
                        continue;
                    }
                }
                boolean more = readFeed();
                failed = false;
                error = null;
                lastUnexpected = null;
                if (!more) {
                    Thread.sleep(poll.toMillis());
                }
            }
            catch (InterruptedException e) {
                return;
            }
            catch (RuntimeException e) {
                if (!running) {
                    // closing: the pool was closed under the call
                    return;
                }
                failed(e);
                if (!backOff()) {
                    return;
                }
            }
        }
    }

    /**
     * Redis away: the copy stops answering until it reads again. Anything else (Redis answered with
     * an error, or a bug here) too, said once with its stack trace and counted.
     */
    private void failed(RuntimeException failure)
    {
        failed = true;
        if (failure instanceof JedisConnectionException) {
            error = "Redis is unavailable: lookups read Redis directly until it answers again";
            return;
        }
        error = "the copy of the day counters failed: " + failure.getMessage();
        unexpectedErrors.incrementAndGet();
        if (!String.valueOf(failure.getMessage()).equals(lastUnexpected)) {
            LOG.error("the speed replica failed; lookups read Redis directly until it recovers", failure);
            lastUnexpected = String.valueOf(failure.getMessage());
        }
    }

    /** False when interrupted (closing). */
    private boolean backOff()
    {
        try {
            Thread.sleep(Math.max(100, poll.toMillis()));
            return true;
        }
        catch (InterruptedException interrupted) {
            return false;
        }
    }

    /** Failures that were not Redis being away: each distinct one logged with its stack trace. */
    public long unexpectedErrors()
    {
        return unexpectedErrors.get();
    }

    /** Every retained day counter; the feed is then followed from the entry that was newest before the scan began. */
    private void load()
    {
        StreamEntryID position = newestEntry().orElse(new StreamEntryID());
        int firstDay = firstRetainedDay();
        Map<Long, TreeSet<Integer>> found = new HashMap<>();
        RedisScan.scan(redis, SpeedCounter.DAILY_VIEWS.keyPattern(), key -> {
            // vv:{hotel}:yyyyMMdd
            int close = key.indexOf('}');
            int day = Integer.parseInt(key.substring(close + 2));
            if (day >= firstDay) {
                found.computeIfAbsent(Long.parseLong(key.substring(key.indexOf('{') + 1, close)), hotel -> new TreeSet<>()).add(day);
            }
        });
        DayCounters counters = new DayCounters(found.size(), (int) retention.toDays() + 2, firstDay);
        read(found, counters);
        copy = new Copy(counters, position);
        currentAtNanos = System.nanoTime();
        error = null;
        loads++;
    }

    /** Applies the feed's entries after the held position; true when it read a full page (more may wait). */
    private boolean readFeed()
    {
        Copy held = copy;
        long readAt = System.nanoTime();
        List<Map.Entry<String, List<StreamEntry>>> read = redis.xread(XReadParams.xReadParams().count(PAGE), Map.of(SpeedChanges.STREAM, held.position()));
        List<StreamEntry> entries = read == null || read.isEmpty() ? List.of() : read.get(0).getValue();
        if (entries.isEmpty()) {
            currentAtNanos = readAt;
            return false;
        }
        if (lost(held)) {
            // a new feed after the held place (Redis lost the old one): what it missed is unknown
            return false;
        }
        int firstDay = firstRetainedDay();
        Map<Long, TreeSet<Integer>> changed = new HashMap<>();
        for (StreamEntry entry : entries) {
            SpeedChanges.hotelsByDay(entry).forEach((name, hotels) -> {
                int day = Integer.parseInt(name);
                if (day >= firstDay) {
                    for (long hotel : hotels) {
                        changed.computeIfAbsent(hotel, id -> new TreeSet<>()).add(day);
                    }
                }
            });
        }
        read(changed, held.counters());
        copy = new Copy(held.counters(), entries.get(entries.size() - 1).getID());
        currentAtNanos = readAt;
        return entries.size() == PAGE;
    }

    /** Reads the named days' counters into {@code into}. */
    private void read(Map<Long, TreeSet<Integer>> daysByHotel, DayCounters into)
    {
        Map<Long, Response<List<String>>> replies = new HashMap<>();
        List<Long> hotels = new ArrayList<>(daysByHotel.keySet());
        for (int from = 0; from < hotels.size(); from += PAGE) {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                for (Long hotel : hotels.subList(from, Math.min(hotels.size(), from + PAGE))) {
                    // one MGET per hotel: its keys share a hash slot
                    replies.put(hotel, pipeline.mget(daysByHotel.get(hotel).stream().map(day -> SpeedCounter.DAILY_VIEWS.key(hotel, Integer.toString(day))).toArray(String[]::new)));
                }
                pipeline.sync();
            }
        }
        replies.forEach((hotel, reply) -> {
            List<String> values = reply.get();
            int i = 0;
            for (int day : daysByHotel.get(hotel)) {
                String value = values.get(i++);
                into.put(hotel, day, value == null ? 0 : Long.parseLong(value));
            }
        });
    }

    /**
     * Once a second, and before a copy answers again after a failure: loads again when the feed
     * was lost ({@link #lost}), and forgets days no longer retained. False when the copy was dropped.
     */
    private boolean checkFeedAndPrune()
    {
        Copy held = copy;
        if (lost(held)) {
            return false;
        }
        held.counters().forgetBefore(firstRetainedDay());
        return true;
    }

    /**
     * True, and the copy dropped, when the feed no longer holds every entry after the copy's place:
     * it is gone or ends before that place (Redis lost it), or its oldest entry comes after that
     * place (Redis lost it and a new one began, or it was trimmed past this reader).
     */
    private boolean lost(Copy held)
    {
        StreamEntryID newest = newestEntry().orElse(new StreamEntryID());
        List<StreamEntry> oldest = redis.xrange(SpeedChanges.STREAM, "-", "+", 1);
        boolean startsAfter = !oldest.isEmpty() && held.position().compareTo(new StreamEntryID()) > 0 && oldest.get(0).getID().compareTo(held.position()) > 0;
        if (newest.compareTo(held.position()) >= 0 && !startsAfter) {
            return false;
        }
        copy = null;
        error = "the change feed %s: loading every counter again".formatted(startsAfter ? "starts after this reader's place" : "was reset");
        return true;
    }

    private Optional<StreamEntryID> newestEntry()
    {
        List<StreamEntry> newest = redis.xrevrange(SpeedChanges.STREAM, "+", "-", 1);
        return newest.isEmpty() ? Optional.empty() : Optional.of(newest.get(0).getID());
    }

    /** The oldest day ({@code yyyyMMdd}) whose counter may still be asked for: the day that {@code now - retention} falls in. */
    private int firstRetainedDay()
    {
        return Integer.parseInt(SpeedCounter.Bucket.DAY.of(clock.instant().minus(retention)));
    }
}
