package io.hotellambda.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs {@link Service}s as Druid's {@code supervise} does: starts each in order and waits until
 * it is ready, checks every second that each is alive, restarts one that died (reported on the
 * console with its exit code and log) after a backoff that doubles from one second to a minute
 * while it keeps dying, and stops them all in reverse order. A service that ran for a minute
 * before it died starts again after a second.
 */
public final class Supervisor
        implements AutoCloseable
{
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    /** A running service and its restart state; guarded by the supervisor. */
    private static final class Running
    {
        final Service service;
        ChildProcess process;
        long startedAtNanos;
        Duration backoff;
        long restartAtNanos = -1;
        int restarts;

        Running(Service service, ChildProcess process, Duration backoff)
        {
            this.service = service;
            this.process = process;
            this.startedAtNanos = System.nanoTime();
            this.backoff = backoff;
        }
    }

    private final Consumer<String> console;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final List<Running> running = new ArrayList<>();
    private final Thread watcher;
    private volatile boolean stopping;

    public Supervisor(Consumer<String> console)
    {
        this(console, FIRST_BACKOFF, MAX_BACKOFF);
    }

    /** {@code firstBackoff}: the wait before the first restart, doubled at each quick death up to {@code maxBackoff}. */
    public Supervisor(Consumer<String> console, Duration firstBackoff, Duration maxBackoff)
    {
        this.console = console;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.watcher = new Thread(this::watch, "supervisor");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Starts {@code service} and waits until it is ready; a failed start is an {@link IllegalStateException} naming its log. */
    public ChildProcess start(Service service)
    {
        ChildProcess process = startReady(service);
        synchronized (this) {
            running.add(new Running(service, process, firstBackoff));
        }
        return process;
    }

    /** The service's current process (a restart replaces it). */
    public synchronized ChildProcess process(String name)
    {
        return running.stream().filter(entry -> entry.service.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name)).process;
    }

    /** How many times the service was restarted after it died. */
    public synchronized int restarts(String name)
    {
        return running.stream().filter(entry -> entry.service.name().equals(name)).findFirst().map(entry -> entry.restarts).orElse(0);
    }

    private static ChildProcess startReady(Service service)
    {
        ChildProcess process = service.start().get();
        process.awaitReady("become ready", service.readyTimeout(), () -> service.ready().test(process));
        return process;
    }

    private void watch()
    {
        while (!stopping) {
            try {
                Thread.sleep(CHECK_EVERY.toMillis());
            }
            catch (InterruptedException e) {
                return;
            }
            List<Running> snapshot;
            synchronized (this) {
                snapshot = List.copyOf(running);
            }
            for (Running entry : snapshot) {
                if (!stopping) {
                    check(entry);
                }
            }
        }
    }

    private void check(Running entry)
    {
        if (entry.process.isAlive()) {
            return;
        }
        long now = System.nanoTime();
        if (entry.restartAtNanos < 0) {
            if (Duration.ofNanos(now - entry.startedAtNanos).compareTo(maxBackoff) >= 0) {
                entry.backoff = firstBackoff;
            }
            entry.restartAtNanos = now + entry.backoff.toNanos();
            console.accept("[supervisor] %s exited with code %s; restarting it in %s s (log: %s)".formatted(entry.service.name(),
                    entry.process.exitCode().orElse(-1), entry.backoff.toSeconds(), entry.process.logFile()));
            return;
        }
        if (now < entry.restartAtNanos) {
            return;
        }
        entry.restartAtNanos = -1;
        entry.backoff = entry.backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : entry.backoff.multipliedBy(2);
        entry.startedAtNanos = now;
        try {
            ChildProcess restarted = startReady(entry.service);
            synchronized (this) {
                entry.process = restarted;
                entry.restarts++;
            }
            console.accept("[supervisor] %s restarted (pid %s, restart %s)".formatted(entry.service.name(), restarted.pid(), entry.restarts));
        }
        catch (RuntimeException e) {
            // the next check sees it dead again and backs off further
            console.accept("[supervisor] %s did not start again: %s".formatted(entry.service.name(), e.getMessage().lines().findFirst().orElse("")));
        }
    }

    /** Stops every service, the last started first. */
    @Override
    public void close()
    {
        stopping = true;
        watcher.interrupt();
        List<Running> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(running);
        }
        for (int i = snapshot.size() - 1; i >= 0; i--) {
            Running entry = snapshot.get(i);
            entry.process.stop(entry.service.stopTimeout());
        }
    }
}
