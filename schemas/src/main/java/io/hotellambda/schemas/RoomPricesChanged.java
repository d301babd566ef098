package io.hotellambda.schemas;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.hotellambda.schemas.Checks.currencyCode;
import static io.hotellambda.schemas.Checks.identifier;
import static io.hotellambda.schemas.Checks.positive;
import static io.hotellambda.schemas.Checks.required;

/**
 * Automatic pricing changed a room type's nightly prices to the suggestions of the supply and
 * demand day {@code as_of_date} (made by {@code model}): each night's price before and after.
 * Reservations already made keep the prices they were made at.
 */
public record RoomPricesChanged(
        UUID eventId,
        Instant receivedAt,
        @OptionalField Instant occurredAt,
        long hotelId,
        long roomTypeId,
        String currency,
        LocalDate asOfDate,
        String model,
        List<NightPrice> nights)
        implements HotelEvent
{
    /** The most nights one event carries: the 90 nights supply and demand covers, with room to spare. */
    public static final int MAX_NIGHTS = 400;

    /** One night's price change. */
    public record NightPrice(LocalDate stayDate, long oldPriceCents, long newPriceCents)
    {
        public NightPrice
        {
            required(stayDate, "nights[].stay_date");
            positive(oldPriceCents, "nights[].old_price_cents");
            positive(newPriceCents, "nights[].new_price_cents");
        }
    }

    public RoomPricesChanged
    {
        required(eventId, "event_id");
        required(receivedAt, "received_at");
        positive(hotelId, "hotel_id");
        positive(roomTypeId, "room_type_id");
        currencyCode(currency, "currency");
        required(asOfDate, "as_of_date");
        identifier(model, "model");
        nights = List.copyOf(required(nights, "nights"));
        if (nights.isEmpty() || nights.size() > MAX_NIGHTS) {
            throw new ValidationException("field[nights] must hold 1 to %s nights".formatted(MAX_NIGHTS));
        }
        Set<LocalDate> seen = new HashSet<>();
        for (NightPrice night : nights) {
            if (!seen.add(required(night, "nights[]").stayDate())) {
                throw new ValidationException("field[nights] holds %s twice".formatted(night.stayDate()));
            }
        }
    }
}
