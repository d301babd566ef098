package io.hotellambda.serving.speed;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Stops calling a dependency that failed, for {@code openFor}, so requests meanwhile answer at
 * once instead of each waiting out a timeout. After that one call goes through as a trial
 * (half-open): its success closes the breaker, its failure opens it again.
 */
public final class CircuitBreaker
{
    /** The call was not made, or failed: the dependency is unavailable. */
    public static final class OpenException
            extends RuntimeException
    {
        OpenException(String message, Throwable cause)
        {
            super(message, cause, false, false);
        }
    }

    private final String name;
    private final Duration openFor;
    private final Clock clock;
    /** 0 when closed; otherwise when the breaker may let a trial through (epoch ms). */
    private final AtomicLong openUntil = new AtomicLong();
    private final AtomicBoolean trialRunning = new AtomicBoolean();
    private final AtomicLong opened = new AtomicLong();

    public CircuitBreaker(String name, Duration openFor, Clock clock)
    {
        this.name = name;
        this.openFor = openFor;
        this.clock = clock;
    }

    public <T> T call(Supplier<T> action)
    {
        long until = openUntil.get();
        boolean trial = false;
        if (until != 0) {
            if (clock.millis() < until || !trialRunning.compareAndSet(false, true)) {
                throw new OpenException(name + " is unavailable (circuit open)", null);
            }
            trial = true;
        }
        try {
            T result = action.get();
            openUntil.set(0);
            return result;
        }
        catch (RuntimeException e) {
            if (openUntil.getAndSet(clock.millis() + openFor.toMillis()) == 0) {
                opened.incrementAndGet();
            }
            throw new OpenException(name + " is unavailable: " + e.getMessage(), e);
        }
        finally {
            if (trial) {
                trialRunning.set(false);
            }
        }
    }

    public boolean isOpen()
    {
        return openUntil.get() != 0;
    }

    /** How many times the breaker has opened. */
    public long openedCount()
    {
        return opened.get();
    }
}
