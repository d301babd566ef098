package io.hotellambda.booking.web;

import io.hotellambda.booking.auth.Principal;
import io.hotellambda.booking.catalog.Hotel;
import io.hotellambda.booking.catalog.HotelRepository;
import io.hotellambda.booking.catalog.RoomType;
import io.hotellambda.booking.inventory.InventoryChange;
import io.hotellambda.booking.inventory.InventoryService;
import io.hotellambda.booking.inventory.Night;
import io.hotellambda.booking.pricing.AutoPricing;
import io.hotellambda.booking.reservations.Reservation;
import io.hotellambda.booking.reservations.ReservationRepository;
import io.hotellambda.booking.reservations.ReservationService;
import io.hotellambda.schemas.ValidationException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hotel staff's pages: the hotel and its room types, an inventory calendar per room type
 * (capacity, sold, held, closed nights and prices, with the suggested price beside each once the
 * nightly jobs published one), closing and opening a night, changing its price, and the hotel's
 * bookings. Staff sign in with their staff token (an admin's works for every hotel); each page
 * and form checks the token may manage the hotel, as the API does.
 */
public final class StaffPages
{
    public static final int CALENDAR_NIGHTS = 28;
    private static final int BOOKINGS_SHOWN = 30;

    private final StaffAccess access;
    private final InventoryService inventory;
    private final ReservationService reservations;
    private final AutoPricing pricing;
    private final WebSession session;
    private final Templates templates;
    private final Clock clock;

    public StaffPages(HotelRepository hotels, InventoryService inventory, ReservationService reservations, AutoPricing pricing, WebSession session,
            Templates templates, Clock clock)
    {
        this.access = new StaffAccess(hotels, session);
        this.inventory = inventory;
        this.reservations = reservations;
        this.pricing = pricing;
        this.session = session;
        this.templates = templates;
        this.clock = clock;
    }

    public void register(Javalin app)
    {
        app.get("/staff", this::home);
        app.get("/staff/signin", this::signInPage);
        app.post("/staff/signin", this::signIn);
        app.post("/staff/signout", this::signOut);
        app.get("/staff/hotels/{id}", this::hotelPage);
        app.get("/staff/hotels/{id}/room-types/{roomTypeId}/calendar", this::calendar);
        app.post("/staff/hotels/{id}/room-types/{roomTypeId}/nights", this::changeNight);
    }

    /** Staff go to their hotel; an admin names one. */
    private void home(Context ctx)
    {
        Optional<Principal> staff = access.staff(ctx);
        if (staff.isEmpty()) {
            ctx.redirect("/staff/signin", HttpStatus.SEE_OTHER);
            return;
        }
        if (staff.get().hotelId().isPresent()) {
            ctx.redirect("/staff/hotels/" + staff.get().hotelId().getAsLong(), HttpStatus.SEE_OTHER);
            return;
        }
        Optional<String> hotel = FormFields.optional(ctx.queryParam("hotel"), "hotel");
        if (hotel.isPresent()) {
            ctx.redirect("/staff/hotels/" + FormFields.requiredLong(hotel.get(), "hotel"), HttpStatus.SEE_OTHER);
            return;
        }
        templates.send(ctx, "staff-home.jte", new StaffViews.HomeView(access.frame(ctx, "Staff", staff)));
    }

    private void signInPage(Context ctx)
    {
        templates.send(ctx, "staff-signin.jte", new StaffViews.SignInView(access.frame(ctx, "Staff sign-in", Optional.empty()), null));
    }

    private void signIn(Context ctx)
    {
        session.checkForm(ctx);
        String token = FormFields.text(ctx.formParam("token"), "token");
        Optional<Principal> staff = token.isEmpty() ? Optional.empty() : session.byToken(token).filter(principal -> principal.role() != Principal.Role.GUEST);
        if (staff.isEmpty()) {
            ctx.status(401);
            templates.send(ctx, "staff-signin.jte", new StaffViews.SignInView(access.frame(ctx, "Staff sign-in", Optional.empty()),
                    "That token is not a staff or admin token, or it was revoked."));
            return;
        }
        session.signIn(ctx, WebSession.STAFF_COOKIE, token);
        ctx.redirect("/staff", HttpStatus.SEE_OTHER);
    }

    private void signOut(Context ctx)
    {
        session.checkForm(ctx);
        session.signOut(ctx, WebSession.STAFF_COOKIE);
        ctx.redirect("/staff/signin", HttpStatus.SEE_OTHER);
    }

    /** The hotel, its room types with links to their calendars, and its bookings by check-in from today. */
    private void hotelPage(Context ctx)
    {
        Optional<Principal> staff = access.pageManager(ctx);
        if (staff.isEmpty()) {
            return;
        }
        Hotel hotel = access.hotel(ctx);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of(hotel.timeZone()));
        List<Reservation> bookings = reservations.list(new ReservationRepository.Query(Optional.empty(), Optional.of(hotel.id()), Optional.empty(),
                Optional.of(today), Optional.empty(), Optional.empty(), BOOKINGS_SHOWN));
        LocalDate end = today.plusDays(CALENDAR_NIGHTS);
        List<LocalDate> dates = today.datesUntil(end).toList();
        List<List<Night>> nights = inventory.nights(hotel, today, end);
        String rooms = StaffCharts.json(StaffCharts.rooms(dates, nights));
        String revenue = StaffCharts.json(StaffCharts.revenue(dates, reservations.revenueByNight(hotel.id(), today, end), hotel.currency()));
        templates.send(ctx, "staff-hotel.jte", new StaffViews.HotelView(access.frame(ctx, hotel.name() + " · staff", staff), hotel, bookings, today,
                rooms, revenue));
    }

    private void calendar(Context ctx)
    {
        Optional<Principal> staff = access.pageManager(ctx);
        if (staff.isEmpty()) {
            return;
        }
        Hotel hotel = access.hotel(ctx);
        RoomType roomType = StaffAccess.roomType(ctx, hotel);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of(hotel.timeZone()));
        LocalDate from = FormFields.date(ctx.queryParam("from"), "from").orElse(today);
        LocalDate to = from.plusDays(CALENDAR_NIGHTS);
        List<Night> nights = inventory.nights(hotel.id(), roomType.id(), from, to);
        Optional<Map<LocalDate, Long>> suggested = pricing.suggestedPrices(roomType.id(), from, to);
        String prices = StaffCharts.json(StaffCharts.prices(nights, suggested.orElse(Map.of()), hotel.currency()));
        templates.send(ctx, "staff-calendar.jte", new StaffViews.CalendarView(access.frame(ctx, roomType.name() + " · " + hotel.name(), staff), hotel, roomType,
                from, nights, suggested.orElse(Map.of()), suggested.isEmpty(), prices));
    }

    /** Closes, opens or reprices one night, then shows the calendar again where it was. */
    private void changeNight(Context ctx)
    {
        access.formManager(ctx);
        Hotel hotel = access.hotel(ctx);
        RoomType roomType = StaffAccess.roomType(ctx, hotel);
        LocalDate night = FormFields.requiredDate(ctx.formParam("date"), "date");
        String action = FormFields.text(ctx.formParam("action"), "action");
        InventoryChange change = switch (action) {
            case "close" -> new InventoryChange(null, true, null);
            case "open" -> new InventoryChange(null, false, null);
            case "price" -> new InventoryChange(null, null, FormFields.price(ctx.formParam("price"), "price")
                    .orElseThrow(() -> new ValidationException("field[price] is required to change the price")));
            default -> throw new ValidationException("field[action] must be close, open or price, got '%s'".formatted(action));
        };
        inventory.change(hotel.id(), roomType.id(), night, night.plusDays(1), change);
        String from = FormFields.date(ctx.formParam("from"), "from").map(LocalDate::toString).orElse(night.toString());
        ctx.redirect("/staff/hotels/%s/room-types/%s/calendar?from=%s".formatted(hotel.id(), roomType.id(), from), HttpStatus.SEE_OTHER);
    }
}
