package io.hotellambda.booking;

import io.hotellambda.booking.outbox.Outbox;
import io.hotellambda.booking.views.EventPublisher;
import io.hotellambda.metrics.PrometheusText;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What booking-app reports on {@code /health} (JSON) and {@code /metrics} (Prometheus): the
 * outbox's backlog and the age of its oldest row (how far {@code booking_events} is behind),
 * page views Kafka did not confirm, and failures that are bugs. {@code /health} reads the
 * database and fails while it is away; {@code /metrics} is given what was read in time.
 * {@code /health} says {@code degraded}, with its {@code problems}, while Kafka refuses what
 * booking-app sends it or the outbox falls behind; booking-app still answers then (reads, holds
 * and bookings go on), so it stays a 200: nothing is gained by restarting it.
 */
public final class BookingMetrics
{
    private final Supplier<Outbox.Backlog> outboxBacklog;
    private final Duration outboxLate;
    private final Supplier<Optional<EventPublisher.Outcome>> kafkaFailing;
    private final LongSupplier pageViewsUnconfirmed;
    private final LongSupplier searchesUnconfirmed;
    private final LongSupplier popularityFailures;
    private final LongSupplier requestErrors;
    private final LongSupplier backgroundErrors;

    /**
     * @param outboxLate how old the oldest unpublished outbox row may be before {@code /health} says
     *         the relay is behind
     * @param kafkaFailing the latest direct send's failure, while no send has succeeded since
     */
    public BookingMetrics(Supplier<Outbox.Backlog> outboxBacklog, Duration outboxLate, Supplier<Optional<EventPublisher.Outcome>> kafkaFailing,
            LongSupplier pageViewsUnconfirmed, LongSupplier searchesUnconfirmed,
            LongSupplier popularityFailures, LongSupplier requestErrors, LongSupplier backgroundErrors)
    {
        this.outboxLate = outboxLate;
        this.kafkaFailing = kafkaFailing;
        this.searchesUnconfirmed = searchesUnconfirmed;
        this.popularityFailures = popularityFailures;
        this.outboxBacklog = outboxBacklog;
        this.pageViewsUnconfirmed = pageViewsUnconfirmed;
        this.requestErrors = requestErrors;
        this.backgroundErrors = backgroundErrors;
    }

    public Map<String, Object> health()
    {
        Outbox.Backlog backlog = outboxBacklog.get();
        List<String> problems = new ArrayList<>();
        kafkaFailing.get().ifPresent(failure -> problems.add(
                "Kafka did not acknowledge the latest events sent to it (at %s: %s): views are refused with a 503, page views and searches go unconfirmed"
                        .formatted(failure.at(), failure.error().getMessage() != null ? failure.error().getMessage() : failure.error().getClass().getSimpleName())));
        if (backlog.oldestAge().compareTo(outboxLate) > 0) {
            problems.add("the oldest unpublished booking event is %s s old (more than %s s): booking_events is behind"
                    .formatted(backlog.oldestAge().toMillis() / 1000.0, outboxLate.toMillis() / 1000.0));
        }
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", problems.isEmpty() ? "ok" : "degraded");
        health.put("problems", problems);
        health.put("outbox_backlog", backlog.rows());
        health.put("outbox_oldest_age_seconds", backlog.oldestAge().toMillis() / 1000.0);
        health.put("page_views_unconfirmed", pageViewsUnconfirmed.getAsLong());
        health.put("searches_unconfirmed", searchesUnconfirmed.getAsLong());
        health.put("popularity_failures", popularityFailures.getAsLong());
        health.put("unexpected_errors", requestErrors.getAsLong() + backgroundErrors.getAsLong());
        return health;
    }

    /** The metrics, with the outbox's {@code backlog} as read for this scrape: null (NaN) when the database did not answer in time. */
    public String prometheus(Outbox.Backlog backlog)
    {
        return new PrometheusText()
                .gauge("booking_outbox_backlog_rows", "Booking events written to the outbox and not yet published to Kafka.",
                        backlog == null ? Double.NaN : backlog.rows())
                .gauge("booking_outbox_oldest_age_seconds", "Age of the oldest unpublished outbox row; 0 when none.",
                        backlog == null ? Double.NaN : backlog.oldestAge().toMillis() / 1000.0)
                .counter("booking_page_views_unconfirmed_total", "Page views whose send Kafka did not confirm in time.", pageViewsUnconfirmed.getAsLong())
                .counter("booking_searches_unconfirmed_total", "search_performed events whose send Kafka did not confirm in time.", searchesUnconfirmed.getAsLong())
                .counter("booking_search_popularity_failures_total", "Searches ranked without popularity because the serving layer did not answer.",
                        popularityFailures.getAsLong())
                .counter("booking_unexpected_errors_total", "Failures that are bugs: 500s and background loops failing for a reason other than an outage.",
                        requestErrors.getAsLong() + backgroundErrors.getAsLong())
                .toString();
    }
}
