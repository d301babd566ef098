package io.hotellambda.benchmarks;

import java.util.Arrays;

/**
 * One thread's measured latencies (nanoseconds), in an array that grows as needed. Starting
 * small matters: arrays sized for the worst case up front (hundreds of MB for 64 threads) are
 * garbage the collector must deal with while the next scenario is being measured.
 */
final class Latencies
{
    private long[] values = new long[1 << 14];
    private int count;

    void add(long nanos)
    {
        if (count == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[count++] = nanos;
    }

    int count()
    {
        return count;
    }

    /** All of them, sorted ascending, from several threads' records. */
    static long[] sorted(Iterable<Latencies> all)
    {
        int total = 0;
        for (Latencies latencies : all) {
            total += latencies.count;
        }
        long[] sorted = new long[total];
        int at = 0;
        for (Latencies latencies : all) {
            System.arraycopy(latencies.values, 0, sorted, at, latencies.count);
            at += latencies.count;
        }
        Arrays.sort(sorted);
        return sorted;
    }
}
