package io.hotellambda.booking.catalog;

import java.time.Instant;

/**
 * A kind of room in a hotel: how many exist ({@code quantity}, each night's default capacity), how
 * many guests fit in one ({@code capacity}), its price band, the nightly price new nights start at,
 * how far it may be overbooked (110: 10 rooms sell 11), and whether booking-app sets its nightly
 * prices to the nightly supply and demand's suggestions ({@code auto_pricing}).
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
        boolean autoPricing,
        Instant createdAt,
        Instant updatedAt)
{
}
