package io.hotellambda.booking.inventory;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.LocalDate;

/**
 * One room type on one night, as staff see it. {@code available} is what can still be held:
 * {@code overbook_cap - sold - held}, or 0 when the night is closed.
 */
public record Night(LocalDate date, int capacity, int overbookCap, int sold, int held, boolean closed, long priceCents)
{
    @JsonProperty("available")
    public int available()
    {
        return closed ? 0 : Math.max(0, overbookCap - sold - held);
    }

    /** floor(capacity x percent / 100): 10 rooms at 110% cap at 11, 9 at 9 (BOOKING-NOTES.md). */
    public static int overbookCap(int capacity, int overbookingPercent)
    {
        return (int) ((long) capacity * overbookingPercent / 100);
    }
}
