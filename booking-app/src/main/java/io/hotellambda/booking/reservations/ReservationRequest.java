package io.hotellambda.booking.reservations;

import io.hotellambda.booking.inventory.Stay;
import io.hotellambda.schemas.Checks;

import java.time.LocalDate;

import static io.hotellambda.schemas.Checks.required;

/**
 * What a guest asks to hold: rooms of one room type for the nights {@code [check_in, check_out)}.
 * The price is never the client's to send: the server prices the stay from the inventory.
 */
public record ReservationRequest(
        Long hotelId,
        Long roomTypeId,
        LocalDate checkIn,
        LocalDate checkOut,
        Integer rooms,
        Integer guests)
{
    public ReservationRequest
    {
        Checks.positive(required(hotelId, "hotel_id"), "hotel_id");
        Checks.positive(required(roomTypeId, "room_type_id"), "room_type_id");
        Stay stay = Stay.of(checkIn, checkOut, rooms, guests);
        rooms = stay.rooms();
        guests = stay.guests();
    }

    public Stay stay()
    {
        return new Stay(checkIn, checkOut, rooms, guests);
    }
}
