package io.hotellambda.infra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test sets and moves, UTC: holds expire and days turn when the test says so, not after a sleep. */
public final class TestingClock
        extends Clock
{
    private final AtomicReference<Instant> now;

    public TestingClock(Instant now)
    {
        this.now = new AtomicReference<>(now);
    }

    public void set(Instant instant)
    {
        now.set(instant);
    }

    public void advance(Duration duration)
    {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    @Override
    public Instant instant()
    {
        return now.get();
    }

    @Override
    public ZoneId getZone()
    {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone)
    {
        throw new UnsupportedOperationException("the testing clock is UTC only");
    }
}
