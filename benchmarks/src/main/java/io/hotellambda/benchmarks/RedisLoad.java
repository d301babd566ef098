package io.hotellambda.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A closed loop of Redis calls from {@code threads} threads (Jedis is blocking: one connection per
 * thread), timed like {@link HttpLoadGenerator}: warm-up, then a measured window.
 */
final class RedisLoad
{
    private RedisLoad() {}

    static HttpLoadGenerator.Result run(String name, int threads, Duration warmup, Duration measure, Runnable call)
            throws InterruptedException
    {
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long measureUntil = measureFrom + measure.toNanos();
        List<Latencies> latencies = new ArrayList<>();
        long[] errors = new long[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Latencies own = new Latencies();
            latencies.add(own);
            workers.add(new Thread(() -> {
                while (System.nanoTime() < measureUntil) {
                    long start = System.nanoTime();
                    boolean failed = false;
                    try {
                        call.run();
                    }
                    catch (RuntimeException e) {
                        failed = true;
                    }
                    long done = System.nanoTime();
                    if (start >= measureFrom && done <= measureUntil) {
                        if (failed) {
                            errors[index]++;
                        }
                        else {
                            own.add(done - start);
                        }
                    }
                }
            }, name + "-" + t));
        }
        workers.forEach(Thread::start);
        double cpuCores = HttpLoadGenerator.cpuCoresOver(measureFrom, measureUntil);
        for (Thread worker : workers) {
            worker.join();
        }
        long[] all = Latencies.sorted(latencies);
        return new HttpLoadGenerator.Result(name, threads, all.length, Arrays.stream(errors).sum(), measure.toNanos() / 1e9,
                HttpLoadGenerator.percentile(all, 0.50), HttpLoadGenerator.percentile(all, 0.99), cpuCores);
    }
}
