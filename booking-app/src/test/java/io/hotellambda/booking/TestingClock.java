package io.hotellambda.booking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock a test moves by hand: holds expire when the test says so, not after a sleep. */
public final class TestingClock
        extends Clock
{
    private final AtomicReference<Instant> now;

    public TestingClock(Instant start)
    {
        this.now = new AtomicReference<>(start);
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
        throw new UnsupportedOperationException("booking-app reads instants only");
    }
}
