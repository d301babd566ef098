package io.hotellambda.booking.inventory;

import io.hotellambda.schemas.ValidationException;

/** What staff set over a range of nights: any of capacity, closed, the nightly price. */
public record InventoryChange(Integer capacity, Boolean closed, Long priceCents)
{
    public InventoryChange
    {
        if (capacity == null && closed == null && priceCents == null) {
            throw new ValidationException("the request sets nothing; send capacity, closed or price_cents");
        }
        if (capacity != null && (capacity < 0 || capacity > 100_000)) {
            throw new ValidationException("field[capacity] must be 0 to 100000, got " + capacity);
        }
        if (priceCents != null && priceCents < 1) {
            throw new ValidationException("field[price_cents] must be positive, got " + priceCents);
        }
    }
}
