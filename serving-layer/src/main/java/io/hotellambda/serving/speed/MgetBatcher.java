package io.hotellambda.serving.speed;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Combines the MGETs of concurrent requests into one pipeline: a few threads own the Redis I/O, and
 * each round trip carries whatever requests queued while the last one was out. Under load that is
 * one write and one read for dozens of lookups, instead of a pooled connection, a write and a read
 * for each. Every round trip goes through the circuit breaker; a request waits at most
 * {@code maxWait}, so a stuck Redis costs a bounded delay.
 */
final class MgetBatcher
        implements AutoCloseable
{
    private static final int MAX_REQUESTS_PER_ROUND_TRIP = 256;

    private record Pending(List<String[]> keys, CompletableFuture<List<List<String>>> values) {}

    private final UnifiedJedis redis;
    private final CircuitBreaker breaker;
    private final Duration maxWait;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    MgetBatcher(UnifiedJedis redis, CircuitBreaker breaker, Duration maxWait, int threadCount)
    {
        this.redis = redis;
        this.breaker = breaker;
        this.maxWait = maxWait;
        for (int i = 0; i < threadCount; i++) {
            Thread thread = new Thread(this::loop, "redis-mget-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    /** One MGET per array of keys (each array's keys share a hash slot); their values in order. */
    List<List<String>> mget(List<String[]> keys)
    {
        Pending pending = new Pending(keys, new CompletableFuture<>());
        queue.add(pending);
        try {
            return pending.values().get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException e) {
            throw e.getCause() instanceof CircuitBreaker.OpenException open ? open : new IllegalStateException(e.getCause());
        }
        catch (TimeoutException e) {
            throw new CircuitBreaker.OpenException("Redis did not answer within " + maxWait, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CircuitBreaker.OpenException("interrupted waiting for Redis", e);
        }
    }

    private void loop()
    {
        List<Pending> batch = new ArrayList<>();
        while (running) {
            try {
                batch.add(queue.take());
            }
            catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_REQUESTS_PER_ROUND_TRIP - 1);
            try {
                List<List<Response<List<String>>>> replies = breaker.call(() -> roundTrip(batch));
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).values().complete(replies.get(i).stream().map(Response::get).toList());
                }
            }
            catch (RuntimeException e) {
                batch.forEach(pending -> pending.values().completeExceptionally(e));
            }
            batch.clear();
        }
    }

    private List<List<Response<List<String>>>> roundTrip(List<Pending> batch)
    {
        List<List<Response<List<String>>>> replies = new ArrayList<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (Pending pending : batch) {
                List<Response<List<String>>> responses = new ArrayList<>(pending.keys().size());
                pending.keys().forEach(keys -> responses.add(pipeline.mget(keys)));
                replies.add(responses);
            }
            pipeline.sync();
        }
        return replies;
    }

    @Override
    public void close()
    {
        running = false;
        threads.forEach(Thread::interrupt);
    }
}
