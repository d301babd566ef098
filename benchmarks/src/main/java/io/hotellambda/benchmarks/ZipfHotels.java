package io.hotellambda.benchmarks;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Hotel ids {@code firstId .. firstId + n - 1} with Zipf popularity: the k-th hotel is viewed in
 * proportion to 1/k^s.
 */
final class ZipfHotels
{
    private final long firstId;
    private final double[] cumulative;

    ZipfHotels(long firstId, int hotels, double exponent)
    {
        this.firstId = firstId;
        cumulative = new double[hotels];
        double sum = 0;
        for (int k = 1; k <= hotels; k++) {
            sum += 1 / Math.pow(k, exponent);
            cumulative[k - 1] = sum;
        }
        for (int i = 0; i < hotels; i++) {
            cumulative[i] /= sum;
        }
    }

    long next(SplittableRandom random)
    {
        int index = Arrays.binarySearch(cumulative, random.nextDouble());
        return firstId + (index >= 0 ? index : -index - 1);
    }
}
