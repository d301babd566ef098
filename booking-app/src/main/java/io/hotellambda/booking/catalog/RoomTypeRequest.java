package io.hotellambda.booking.catalog;

import io.hotellambda.schemas.ValidationException;

import static io.hotellambda.schemas.Checks.required;
import static io.hotellambda.schemas.Checks.text;

/** The editable fields of a room type, for create (POST) and full replace (PUT). */
public record RoomTypeRequest(
        String name,
        Integer capacity,
        Integer quantity,
        Long priceMinCents,
        Long priceMaxCents,
        Long basePriceCents,
        Integer overbookingPercent,
        Boolean autoPricing)
{
    public static final int DEFAULT_OVERBOOKING_PERCENT = 110;

    public RoomTypeRequest
    {
        text(name, "name", 200);
        within(required(capacity, "capacity"), 1, 50, "capacity");
        within(required(quantity, "quantity"), 0, 100_000, "quantity");
        within(required(priceMinCents, "price_min_cents"), 1, 100_000_000_00L, "price_min_cents");
        within(required(priceMaxCents, "price_max_cents"), 1, 100_000_000_00L, "price_max_cents");
        if (priceMaxCents < priceMinCents) {
            throw new ValidationException("field[price_max_cents] %s must not be below price_min_cents %s".formatted(priceMaxCents, priceMinCents));
        }
        basePriceCents = basePriceCents == null ? priceMinCents : basePriceCents;
        within(basePriceCents, priceMinCents, priceMaxCents, "base_price_cents");
        overbookingPercent = overbookingPercent == null ? DEFAULT_OVERBOOKING_PERCENT : overbookingPercent;
        within(overbookingPercent, 100, 200, "overbooking_percent");
        // off unless asked for: a replace that leaves it out turns it off
        autoPricing = autoPricing != null && autoPricing;
    }

    private static void within(long value, long min, long max, String field)
    {
        if (value < min || value > max) {
            throw new ValidationException("field[%s] must be %s to %s, got %s".formatted(field, min, max, value));
        }
    }
}
