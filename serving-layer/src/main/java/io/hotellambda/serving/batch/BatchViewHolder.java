package io.hotellambda.serving.batch;

import io.hotellambda.schemas.SqlFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the current {@link BatchView} and booking-app's {@link Catalog}, and refreshes them in the
 * background: every {@code refreshEvery} it reads each one's cheap version, and reloads only the
 * one that changed. A failed
 * refresh keeps the view it has (PostgreSQL away means the numbers of the last publish, which
 * change once a day anyway); the next refresh that succeeds brings it up to date. Each refresh
 * also reads the newest audit, for the metrics.
 */
public final class BatchViewHolder
        implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(BatchViewHolder.class);

    /** The last refresh's outcome: when a view was last loaded or confirmed current, and the error since, if any. */
    public record Status(Optional<Instant> confirmedAt, Optional<String> error) {}

    private final BatchViewRepository repository;
    private final Duration refreshEvery;
    private final Clock clock;
    private final AtomicReference<BatchView> current = new AtomicReference<>();
    private final AtomicReference<Catalog> catalog = new AtomicReference<>(Catalog.EMPTY);
    private final AtomicReference<Optional<LatestAudit>> latestAudit = new AtomicReference<>(Optional.empty());
    /** The last audit read's error, logged once; touched only under refresh's lock. */
    private String auditError;
    private final AtomicLong unexpectedErrors = new AtomicLong();
    /** Set before the refresher is interrupted: a refresh that fails then failed because of the close, not of PostgreSQL. */
    private volatile boolean closing;
    private final AtomicReference<Status> status = new AtomicReference<>(new Status(Optional.empty(), Optional.of("not loaded yet")));
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "batch-view-refresh");
        thread.setDaemon(true);
        return thread;
    });

    public BatchViewHolder(BatchViewRepository repository, Duration refreshEvery, Clock clock)
    {
        this.repository = repository;
        this.refreshEvery = refreshEvery;
        this.clock = clock;
    }

    /** Loads now (a failure is logged, not thrown), then refreshes in the background. */
    public void start()
    {
        refresher.scheduleWithFixedDelay(this::refresh, 0, refreshEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Optional<BatchView> current()
    {
        return Optional.ofNullable(current.get());
    }

    /** booking-app's active hotels as of the last refresh that read them. */
    public Catalog catalog()
    {
        return catalog.get();
    }

    public Status status()
    {
        return status.get();
    }

    /** The newest audit, as of the last refresh that succeeded: a one-row read, not part of the view. */
    public Optional<LatestAudit> latestAudit()
    {
        return latestAudit.get();
    }

    /** One refresh; returns whether the view is current with PostgreSQL afterwards. */
    public synchronized boolean refresh()
    {
        try {
            BatchView held = current.get();
            if (held == null || !repository.version().equals(held.version())) {
                BatchView loaded = repository.load();
                current.set(loaded);
                LOG.info("batch view loaded: watermark {}, {} hotels with batch days", loaded.watermark().map(Instant::toString).orElse("none"), loaded.hotelCount());
            }
            if (!repository.catalogVersion().equals(catalog.get().version())) {
                catalog.set(repository.loadCatalog());
            }
            if (status.get().error().isPresent() && held != null) {
                LOG.info("PostgreSQL is back; the batch view is current again");
            }
            status.set(new Status(Optional.of(clock.instant()), Optional.empty()));
            refreshAudit();
            return true;
        }
        catch (SQLException e) {
            if (SqlFailures.isUnavailable(e)) {
                return failed("PostgreSQL is unavailable", e, false);
            }
            return failed("PostgreSQL refused a batch view query", e, true);
        }
        catch (RuntimeException e) {
            return failed("the batch view could not be loaded", e, true);
        }
    }

    /**
     * Keeps the view held and says why on {@code /health}: PostgreSQL away is a warning once; anything
     * else is a bug here, logged once with its stack trace and counted ({@link #unexpectedErrors}).
     */
    private boolean failed(String state, Exception e, boolean unexpected)
    {
        if (closing) {
            return false;
        }
        Status before = status.get();
        Optional<String> error = Optional.of(state);
        if (unexpected) {
            unexpectedErrors.incrementAndGet();
        }
        if (!error.equals(before.error())) {
            if (unexpected) {
                LOG.error("{}; serving the view held{}", state, current.get() == null ? " (none yet)" : "", e);
            }
            else {
                LOG.warn("{} ({}); serving the view held{}", state, e.getMessage(), current.get() == null ? " (none yet)" : "");
            }
        }
        status.set(new Status(before.confirmedAt(), error));
        return false;
    }

    /** Refreshes that failed for a reason other than PostgreSQL being away: bugs, each logged. */
    public long unexpectedErrors()
    {
        return unexpectedErrors.get();
    }

    /** A failure here keeps the audit held and leaves the batch view's status alone: the view is what answers requests. */
    private void refreshAudit()
    {
        try {
            latestAudit.set(repository.latestAudit());
            auditError = null;
        }
        catch (SQLException | RuntimeException e) {
            if (!closing) {
                auditFailed(e);
            }
        }
    }

    private void auditFailed(Exception failure)
    {
        if (failure instanceof SQLException e) {
            if (!String.valueOf(e.getMessage()).equals(auditError)) {
                if (SqlFailures.isUnavailable(e)) {
                    LOG.warn("cannot read the newest audit: PostgreSQL is unavailable ({}); the metrics keep the one held", e.getMessage());
                }
                else {
                    unexpectedErrors.incrementAndGet();
                    LOG.error("cannot read the newest audit; the metrics keep the one held", e);
                }
            }
            auditError = String.valueOf(e.getMessage());
            return;
        }
        unexpectedErrors.incrementAndGet();
        if (!String.valueOf(failure.getMessage()).equals(auditError)) {
            LOG.error("cannot read the newest audit; the metrics keep the one held", failure);
        }
        auditError = String.valueOf(failure.getMessage());
    }

    @Override
    public void close()
    {
        closing = true;
        refresher.shutdownNow();
    }
}
