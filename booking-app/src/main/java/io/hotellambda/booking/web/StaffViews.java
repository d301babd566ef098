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

    /** The hotel, its room types and its bookings checking in from {@code today} (hotel-local). */
    public record HotelView(GuestViews.Frame frame, Hotel hotel, List<Reservation> bookings, LocalDate today) {}

    /**
     * {@link StaffPages#CALENDAR_NIGHTS} nights of one room type from {@code from}, with the newest
     * suggested prices ({@code suggestionsUnavailable} when they could not be read now).
     */
    public record CalendarView(GuestViews.Frame frame, Hotel hotel, RoomType roomType, LocalDate from, List<Night> nights, Map<LocalDate, Long> suggested,
            boolean suggestionsUnavailable)
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
}
