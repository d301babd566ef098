package io.hotellambda.speed;

import org.apache.spark.util.AccumulatorV2;

/** The earliest and latest of the epoch-millisecond times added on the executors. */
final class TimeRangeAccumulator
        extends AccumulatorV2<Long, long[]>
{
    private long earliest = Long.MAX_VALUE;
    private long latest = Long.MIN_VALUE;

    @Override
    public boolean isZero()
    {
        return earliest == Long.MAX_VALUE && latest == Long.MIN_VALUE;
    }

    @Override
    public TimeRangeAccumulator copy()
    {
        TimeRangeAccumulator copy = new TimeRangeAccumulator();
        copy.earliest = earliest;
        copy.latest = latest;
        return copy;
    }

    @Override
    public void reset()
    {
        earliest = Long.MAX_VALUE;
        latest = Long.MIN_VALUE;
    }

    @Override
    public void add(Long millis)
    {
        earliest = Math.min(earliest, millis);
        latest = Math.max(latest, millis);
    }

    @Override
    public void merge(AccumulatorV2<Long, long[]> other)
    {
        long[] range = other.value();
        earliest = Math.min(earliest, range[0]);
        latest = Math.max(latest, range[1]);
    }

    /** {earliest, latest}; {Long.MAX_VALUE, Long.MIN_VALUE} when nothing was added. */
    @Override
    public long[] value()
    {
        return new long[] {earliest, latest};
    }
}
