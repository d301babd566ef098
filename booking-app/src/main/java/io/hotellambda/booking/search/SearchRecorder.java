package io.hotellambda.booking.search;

import io.hotellambda.booking.views.EventPublisher;
import io.hotellambda.schemas.SearchPerformed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends {@code search_performed} as page views are sent: the guest does not wait for Kafka, and a
 * send Kafka did not confirm is logged with its event id and counted ({@link #unconfirmedCount()},
 * on {@code /health} and {@code /metrics}). Unconfirmed is an upper bound of lost: a send that
 * timed out may still have been written.
 */
public final class SearchRecorder
{
    private static final Logger LOG = LoggerFactory.getLogger(SearchRecorder.class);

    private final EventPublisher publisher;
    private final AtomicLong unconfirmed = new AtomicLong();

    public SearchRecorder(EventPublisher publisher)
    {
        this.publisher = publisher;
    }

    public void record(SearchPerformed event)
    {
        publisher.publishUnwaited(List.of(event), error -> {
            unconfirmed.incrementAndGet();
            LOG.warn("search {} in city {} was not confirmed by Kafka (it may still have been written): {}", event.eventId(), event.city(), error.toString());
        });
    }

    public long unconfirmedCount()
    {
        return unconfirmed.get();
    }
}
