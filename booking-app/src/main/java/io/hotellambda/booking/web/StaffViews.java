package io.hotellambda.booking.web;

import io.hotellambda.booking.catalog.Hotel;
import io.hotellambda.booking.catalog.RoomType;
import io.hotellambda.booking.inventory.Night;
import io.hotellambda.booking.reservations.Reservation;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** What each staff page shows: one record per {@code staff-*.jte} template. */
public final class StaffViews
{
    private StaffViews() {}

    public record HomeView(GuestViews.Frame frame) {}

    public record SignInView(GuestViews.Frame frame, String error) {}

    /**
     * The hotel, its room types, its bookings checking in from {@code today} (hotel-local), and
     * the charts of its next nights ({@link StaffCharts} as JSON): rooms and revenue on the books.
     */
    public record HotelView(GuestViews.Frame frame, Hotel hotel, List<Reservation> bookings, LocalDate today, String roomsChart, String revenueChart)
    {
        public int roomsNights()
        {
            return StaffPages.CALENDAR_NIGHTS;
        }
    }

    /**
     * {@link StaffPages#CALENDAR_NIGHTS} nights of one room type from {@code from}, with the newest
     * suggested prices ({@code suggestionsUnavailable} when they could not be read now), and its
     * price against the suggested price as a chart ({@link StaffCharts} as JSON).
     */
    public record CalendarView(GuestViews.Frame frame, Hotel hotel, RoomType roomType, LocalDate from, List<Night> nights, Map<LocalDate, Long> suggested,
            boolean suggestionsUnavailable, String pricesChart)
    {
        public LocalDate previous()
        {
            return from.minusDays(StaffPages.CALENDAR_NIGHTS);
        }

        public LocalDate next()
        {
            return from.plusDays(StaffPages.CALENDAR_NIGHTS);
        }
    }

    /** The hotel form: a new hotel ({@code hotelId} null) or an existing one, with the values shown and the error that sent it back. */
    public record HotelForm(GuestViews.Frame frame, Long hotelId, Map<String, String> values, String error)
    {
        public String action()
        {
            return hotelId == null ? "/staff/hotels" : "/staff/hotels/" + hotelId;
        }

        public String value(String field)
        {
            return values.getOrDefault(field, "");
        }
    }

    /** The room type form of a hotel: a new room type ({@code roomTypeId} null) or an existing one. */
    public record RoomTypeForm(GuestViews.Frame frame, Hotel hotel, Long roomTypeId, Map<String, String> values, String error)
    {
        public String action()
        {
            return "/staff/hotels/%s/room-types%s".formatted(hotel.id(), roomTypeId == null ? "" : "/" + roomTypeId);
        }

        public String value(String field)
        {
            return values.getOrDefault(field, "");
        }
    }
}
