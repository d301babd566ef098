package io.hotellambda.booking.catalog;

import java.time.ZoneId;

/**
 * A room type with what selling it needs: its hotel, how many guests a room takes, its
 * inventory settings, price band, and its hotel's time zone, currency and whether it is active.
 */
public record RoomTypeOnSale(
        long roomTypeId,
        long hotelId,
        int guestsPerRoom,
        int quantity,
        int overbookingPercent,
        long priceMinCents,
        long priceMaxCents,
        ZoneId timeZone,
        String currency,
        boolean hotelActive)
{
}
