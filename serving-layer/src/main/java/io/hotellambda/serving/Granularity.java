package io.hotellambda.serving;

import java.time.temporal.ChronoUnit;

/** The buckets of a time series: UTC hours or UTC days of {@code received_at}. */
public enum Granularity
{
    HOUR(ChronoUnit.HOURS), DAY(ChronoUnit.DAYS);

    private final ChronoUnit unit;

    Granularity(ChronoUnit unit)
    {
        this.unit = unit;
    }

    public ChronoUnit unit()
    {
        return unit;
    }
}
