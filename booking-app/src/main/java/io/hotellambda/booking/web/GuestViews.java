package io.hotellambda.booking.web;

import io.hotellambda.booking.catalog.Hotel;
import io.hotellambda.booking.inventory.InventoryService;
import io.hotellambda.booking.reservations.Reservation;
import io.hotellambda.booking.reservations.ReservationService;
import io.hotellambda.booking.search.SearchService;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What each guest page shows: one record per template under {@code src/main/jte}. */
public final class GuestViews
{
    /** Amenities the search form offers as boxes to tick. */
    public static final List<String> AMENITY_CHOICES = List.of("wifi", "breakfast", "parking", "pool", "spa", "gym");

    private GuestViews() {}

    /**
     * What every page's frame needs: its title, who is signed in ({@code null} when nobody is),
     * the anti-forgery token its forms carry, and whether it is a staff page (its menu is staff's).
     */
    public record Frame(String title, String signedInAs, String csrf, boolean staff)
    {
        public static Frame guest(String title, String signedInAs, String csrf)
        {
            return new Frame(title, signedInAs, csrf, false);
        }

        public boolean signedIn()
        {
            return signedInAs != null;
        }
    }

    /** The search form as the guest filled it in, blank fields as empty strings. */
    public record SearchForm(String q, String checkIn, String checkOut, int rooms, int guests, String minPrice, String maxPrice, String minStars,
            List<String> amenities)
    {
        public boolean dated()
        {
            return !checkIn.isEmpty() && !checkOut.isEmpty();
        }

        public boolean has(String amenity)
        {
            return amenities.contains(amenity);
        }

        /** The stay's part of a hotel page's address, so the page opens on the same dates and party. */
        public String stayQuery()
        {
            Map<String, String> fields = new LinkedHashMap<>();
            if (dated()) {
                fields.put("check_in", checkIn);
                fields.put("check_out", checkOut);
            }
            fields.put("rooms", Integer.toString(rooms));
            fields.put("guests", Integer.toString(guests));
            return fields.entrySet().stream().map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
        }
    }

    /** The search page: the form, and the results once a destination is given ({@code page} null before; {@code error} when the search was refused). */
    public record SearchView(Frame frame, SearchForm form, SearchService.Page page, String error)
    {
        public List<String> amenityChoices()
        {
            return AMENITY_CHOICES;
        }
    }

    /**
     * A hotel's page: its details and images, and with dates each room type's availability and
     * the stay's price; {@code bookingKey} is the idempotency key the book forms carry, made
     * when the page was, so a double click holds once.
     */
    public record HotelView(Frame frame, Hotel hotel, SearchForm form, InventoryService.Availability availability, String error, String bookingKey) {}

    /**
     * One reservation: its state, the hold's countdown, the pay and cancel forms (each with a key
     * made for this page), the refund cancelling now gives, and whether the guest has just come
     * back from the payment page (the webhook's outcome may still be on its way).
     */
    public record BookingView(Frame frame, Reservation reservation, String hotelName, ReservationService.CancellationQuote quote, String payKey,
            String cancelKey, boolean fromCheckout)
    {
        public boolean waiting()
        {
            return fromCheckout && reservation.status().databaseName().equals("held");
        }
    }

    /** One line of "my bookings". */
    public record BookingLine(Reservation reservation, String hotelName, ReservationService.CancellationQuote quote, String cancelKey) {}

    public record BookingsView(Frame frame, List<BookingLine> bookings, String next) {}

    /** Signing in: register as a new guest, or paste a token; {@code newToken} shows a new guest theirs, once. */
    public record SignInView(Frame frame, String next, String error, String newToken) {}

    /** A refused or failed request, on a page: its status and what to do. */
    public record ErrorView(Frame frame, int status, String title, String detail) {}
}
