package io.hotellambda.booking.catalog;

import java.time.Instant;

/**
 * A kind of room in a hotel: how many exist ({@code quantity}, each night's default capacity), how
 * many guests fit in one ({@code capacity}), its price band, the nightly price new nights start at,
 * and how far it may be overbooked (110: 10 rooms sell 11).
 */
public record RoomType(
        long id,
        long hotelId,
        String name,
        int capacity,
        int quantity,
        long priceMinCents,
        long priceMaxCents,
        long basePriceCents,
        int overbookingPercent,
        Instant createdAt,
        Instant updatedAt)
{
}
