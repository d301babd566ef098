package io.hotellambda.booking.catalog;

import java.time.Instant;

/** A kind of room in a hotel: how many exist, how many guests fit, and its price band. */
public record RoomType(
        long id,
        long hotelId,
        String name,
        int capacity,
        int quantity,
        long priceMinCents,
        long priceMaxCents,
        Instant createdAt,
        Instant updatedAt)
{
}
