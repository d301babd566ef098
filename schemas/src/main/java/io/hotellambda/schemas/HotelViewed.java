package io.hotellambda.schemas;

import java.time.Instant;
import java.util.UUID;

import static io.hotellambda.schemas.Checks.countryCode;
import static io.hotellambda.schemas.Checks.deviceName;
import static io.hotellambda.schemas.Checks.identifier;
import static io.hotellambda.schemas.Checks.positive;
import static io.hotellambda.schemas.Checks.required;

/** A guest looked at a hotel's page. {@code viewer_id} is what "unique viewers" counts. */
public record HotelViewed(
        UUID eventId,
        Instant receivedAt,
        @OptionalField Instant occurredAt,
        long hotelId,
        String viewerId,
        String country,
        String device)
        implements HotelEvent
{
    public HotelViewed
    {
        required(eventId, "event_id");
        required(receivedAt, "received_at");
        positive(hotelId, "hotel_id");
        identifier(viewerId, "viewer_id");
        countryCode(country, "country");
        deviceName(device, "device");
    }
}
