package io.hotellambda.booking.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/** A hotel as the API shows it; {@code room_types} only on a single-hotel read. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Hotel(
        long id,
        String name,
        String city,
        String country,
        String address,
        String description,
        int starRating,
        String timeZone,
        String currency,
        List<String> amenities,
        List<String> imageUrls,
        boolean isActive,
        Instant createdAt,
        Instant updatedAt,
        List<RoomType> roomTypes)
{
    public Hotel withRoomTypes(List<RoomType> roomTypes)
    {
        return new Hotel(id, name, city, country, address, description, starRating, timeZone, currency, amenities, imageUrls, isActive, createdAt, updatedAt, List.copyOf(roomTypes));
    }
}
