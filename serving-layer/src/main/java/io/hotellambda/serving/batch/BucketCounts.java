package io.hotellambda.serving.batch;

import java.util.Arrays;

/**
 * Counts per time bucket (an epoch day, or an epoch hour), ascending, in two flat arrays: the
 * serving layer holds every hotel's batch history in memory, so it answers with PostgreSQL away.
 */
public final class BucketCounts
{
    public static final BucketCounts NONE = new BucketCounts(new int[0], new long[0]);

    private final int[] buckets;
    private final long[] counts;
    private final long total;

    /** {@code buckets} strictly ascending; the arrays are owned by this object from here on. */
    BucketCounts(int[] buckets, long[] counts)
    {
        if (buckets.length != counts.length) {
            throw new IllegalArgumentException("buckets[%s] and counts[%s] differ in length".formatted(buckets.length, counts.length));
        }
        for (int i = 1; i < buckets.length; i++) {
            if (buckets[i] <= buckets[i - 1]) {
                throw new IllegalArgumentException("buckets are not strictly ascending at index " + i);
            }
        }
        this.buckets = buckets;
        this.counts = counts;
        this.total = Arrays.stream(counts).sum();
    }

    public long total()
    {
        return total;
    }

    /** The sum over the buckets in {@code [from, to)}. */
    public long sum(long from, long to)
    {
        long sum = 0;
        for (int i = indexOf(from); i < buckets.length && buckets[i] < to; i++) {
            sum += counts[i];
        }
        return sum;
    }

    /** The count of one bucket; 0 for a bucket not held. */
    public long at(long bucket)
    {
        int i = indexOf(bucket);
        return i < buckets.length && buckets[i] == bucket ? counts[i] : 0;
    }

    /** The first index whose bucket is {@code bucket} or later. */
    private int indexOf(long bucket)
    {
        if (bucket > Integer.MAX_VALUE) {
            return buckets.length;
        }
        int i = Arrays.binarySearch(buckets, (int) Math.max(bucket, Integer.MIN_VALUE));
        return i >= 0 ? i : -i - 1;
    }

    /** Collects buckets in ascending order. */
    static final class Builder
    {
        private int[] buckets = new int[8];
        private long[] counts = new long[8];
        private int size;

        void add(long bucket, long count)
        {
            if (size == buckets.length) {
                buckets = Arrays.copyOf(buckets, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
            }
            buckets[size] = Math.toIntExact(bucket);
            counts[size] = count;
            size++;
        }

        BucketCounts build()
        {
            return size == 0 ? NONE : new BucketCounts(Arrays.copyOf(buckets, size), Arrays.copyOf(counts, size));
        }
    }
}
