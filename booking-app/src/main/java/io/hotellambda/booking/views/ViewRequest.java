package io.hotellambda.booking.views;

import java.util.UUID;

/**
 * One view as a client sends it. {@code event_id} is optional: a client that sets it can retry
 * safely, since a retry with the same id is the same event to every downstream count.
 * {@code occurred_at} (epoch ms) is the client's clock and is kept for information only.
 */
public record ViewRequest(
        Long hotelId,
        String viewerId,
        String country,
        String device,
        UUID eventId,
        Long occurredAt)
{
}
