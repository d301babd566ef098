package io.hotellambda.booking.inventory;

import io.hotellambda.schemas.Checks;
import io.hotellambda.schemas.ValidationException;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * A stay as guests ask for it, checked: the nights {@code [check_in, check_out)} (hotel-local
 * dates, at most 30), 1 to 10 rooms, and the guests (default one per room).
 */
public record Stay(LocalDate checkIn, LocalDate checkOut, int rooms, int guests)
{
    public static final int MAX_NIGHTS = 30;
    public static final int MAX_ROOMS = 10;
    public static final int MAX_GUESTS = 50 * MAX_ROOMS;

    public Stay
    {
        Checks.stay(checkIn, checkOut);
        long nights = ChronoUnit.DAYS.between(checkIn, checkOut);
        if (nights > MAX_NIGHTS) {
            throw new ValidationException("field[check_out] makes a stay of %s nights; at most %s".formatted(nights, MAX_NIGHTS));
        }
        if (rooms < 1 || rooms > MAX_ROOMS) {
            throw new ValidationException("field[rooms] must be 1 to %s, got %s".formatted(MAX_ROOMS, rooms));
        }
        if (guests < 1 || guests > MAX_GUESTS) {
            throw new ValidationException("field[guests] must be 1 to %s, got %s".formatted(MAX_GUESTS, guests));
        }
    }

    /** A stay with the defaults: one room, one guest per room. */
    public static Stay of(LocalDate checkIn, LocalDate checkOut, Integer rooms, Integer guests)
    {
        int roomCount = rooms == null ? 1 : rooms;
        return new Stay(checkIn, checkOut, roomCount, guests == null ? roomCount : guests);
    }

    public int nights()
    {
        return (int) ChronoUnit.DAYS.between(checkIn, checkOut);
    }

    /** Whether the guests fit in the rooms, at {@code guestsPerRoom} each. */
    public boolean fits(int guestsPerRoom)
    {
        return guests <= (long) guestsPerRoom * rooms;
    }
}
