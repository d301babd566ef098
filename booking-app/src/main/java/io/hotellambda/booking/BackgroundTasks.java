package io.hotellambda.booking;

import io.hotellambda.schemas.DomainException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * booking-app's background loops (the hold sweeper, the outbox relay, the inventory roll-forward,
 * the idempotency-key reaper), each on a fixed delay. A dependency's outage
 * ({@link DomainException.Kind#UNAVAILABLE}) is logged once per outage and the loop goes on; any
 * other failure is a bug: logged with its stack trace and counted in {@link #unexpectedErrors()}.
 * An {@link Error} is not caught: it ends the thread.
 */
public final class BackgroundTasks
        implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundTasks.class);

    private final ScheduledExecutorService executor;
    private final AtomicLong unexpectedErrors = new AtomicLong();

    public BackgroundTasks(int threads)
    {
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newScheduledThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "booking-background-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs {@code round} every {@code interval}; a round that did a full batch (returns
     * {@code batch} or more) is followed at once by another, so a backlog drains at full speed.
     */
    public void every(String name, Duration interval, int batch, IntSupplier round)
    {
        boolean[] away = {false};
        executor.scheduleWithFixedDelay(() -> {
            try {
                while (round.getAsInt() >= batch) {
                    // a full batch: more may be waiting
                }
                if (away[0]) {
                    LOG.info("{}: the dependency is back", name);
                    away[0] = false;
                }
            }
            catch (DomainException e) {
                if (e.kind() != DomainException.Kind.UNAVAILABLE) {
                    unexpected(name, e);
                }
                else if (!away[0]) {
                    LOG.warn("{}: {} ({}); retrying every {}", name, e.getMessage(), e.getCause(), interval);
                    away[0] = true;
                }
            }
            catch (RuntimeException e) {
                unexpected(name, e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void unexpected(String name, RuntimeException e)
    {
        unexpectedErrors.incrementAndGet();
        LOG.error("{} failed unexpectedly; it will run again", name, e);
    }

    public long unexpectedErrors()
    {
        return unexpectedErrors.get();
    }

    @Override
    public void close()
    {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
