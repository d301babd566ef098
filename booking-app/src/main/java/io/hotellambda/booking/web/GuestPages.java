package io.hotellambda.booking.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotellambda.booking.auth.Principal;
import io.hotellambda.booking.catalog.Hotel;
import io.hotellambda.booking.catalog.HotelRepository;
import io.hotellambda.booking.catalog.HotelRoutes;
import io.hotellambda.booking.guests.GuestRepository;
import io.hotellambda.booking.guests.GuestRequest;
import io.hotellambda.booking.idempotency.IdempotencyKeys.StoredResponse;
import io.hotellambda.booking.inventory.InventoryService;
import io.hotellambda.booking.inventory.Stay;
import io.hotellambda.booking.payments.PaymentService;
import io.hotellambda.booking.reservations.Reservation;
import io.hotellambda.booking.reservations.ReservationRepository;
import io.hotellambda.booking.reservations.ReservationRequest;
import io.hotellambda.booking.reservations.ReservationRoutes;
import io.hotellambda.booking.reservations.ReservationService;
import io.hotellambda.booking.search.SearchRequest;
import io.hotellambda.booking.search.SearchService;
import io.hotellambda.booking.search.SearchSort;
import io.hotellambda.booking.views.PageViewRecorder;
import io.hotellambda.http.ProblemException;
import io.hotellambda.schemas.DomainException;
import io.hotellambda.schemas.ValidationException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The guests' pages: search, a hotel, sign-in, holding rooms, paying on the provider's page,
 * the reservation's outcome and "my bookings" with cancellation. Each page calls the same
 * services the API's routes do, with the guest's token from a cookie; forms post normally, so
 * everything works without JavaScript, and htmx makes the search answer as one types and the
 * reservation page follow the payment's outcome. docs/web.md describes them.
 */
public final class GuestPages
{
    private static final int BOOKINGS_PAGE = 20;

    private final SearchService search;
    private final HotelRepository hotels;
    private final InventoryService inventory;
    private final ReservationService reservations;
    private final PaymentService payments;
    private final GuestRepository guests;
    private final PageViewRecorder pageViews;
    private final WebSession session;
    private final Templates templates;
    private final ObjectMapper json;

    public GuestPages(SearchService search, HotelRepository hotels, InventoryService inventory, ReservationService reservations, PaymentService payments,
            GuestRepository guests, PageViewRecorder pageViews, WebSession session, Templates templates, ObjectMapper json)
    {
        this.search = search;
        this.hotels = hotels;
        this.inventory = inventory;
        this.reservations = reservations;
        this.payments = payments;
        this.guests = guests;
        this.pageViews = pageViews;
        this.session = session;
        this.templates = templates;
        this.json = json;
    }

    public void register(Javalin app)
    {
        app.get("/", this::searchPage);
        app.get("/hotels/{id}", this::hotelPage);
        app.get("/signin", this::signInPage);
        app.post("/signin", this::signIn);
        app.post("/signout", this::signOut);
        app.post("/bookings", this::book);
        app.get("/bookings", this::bookingsPage);
        app.get("/bookings/{id}", this::bookingPage);
        app.post("/bookings/{id}/pay", this::pay);
        app.post("/bookings/{id}/cancel", this::cancel);
    }

    /** The frame every guest page has. */
    GuestViews.Frame frame(Context ctx, String title)
    {
        return frame(ctx, title, session.guest(ctx));
    }

    /** The frame, for a handler that already looked up the guest. */
    private GuestViews.Frame frame(Context ctx, String title, Optional<Principal> guest)
    {
        return GuestViews.Frame.guest(title, guest.map(found -> "guest").orElse(null), session.csrfToken(ctx));
    }

    private void searchPage(Context ctx)
    {
        GuestViews.SearchForm form = searchForm(ctx);
        SearchService.Page page = null;
        String error = null;
        if (!form.q().isEmpty()) {
            try {
                page = search.search(searchRequest(form), PageViewRecorder.visitorId(ctx));
            }
            catch (ValidationException | DomainException e) {
                // the form stays, with what to fix: a bad date is not a broken page (an outage still is a 503)
                ctx.status(formProblem(e));
                error = e.getMessage();
            }
        }
        GuestViews.SearchView view = new GuestViews.SearchView(frame(ctx, form.q().isEmpty() ? "Find a hotel" : form.q() + " · hotels"), form, page, error);
        // htmx asks for the results alone as the guest types; a plain GET gets the whole page
        templates.send(ctx, ctx.header("HX-Request") != null ? "results.jte" : "search.jte", view);
    }

    private static GuestViews.SearchForm searchForm(Context ctx)
    {
        return new GuestViews.SearchForm(
                FormFields.text(ctx.queryParam("q"), "q"),
                FormFields.text(ctx.queryParam("check_in"), "check_in"),
                FormFields.text(ctx.queryParam("check_out"), "check_out"),
                lenientInt(ctx.queryParam("rooms"), 1, Stay.MAX_ROOMS),
                lenientInt(ctx.queryParam("guests"), 1, Stay.MAX_GUESTS),
                FormFields.text(ctx.queryParam("min_price"), "min_price"),
                FormFields.text(ctx.queryParam("max_price"), "max_price"),
                FormFields.text(ctx.queryParam("min_stars"), "min_stars"),
                FormFields.amenities(ctx.queryParams("amenity")));
    }

    /** A party size for the form: what was typed if it is one, else the least. */
    private static int lenientInt(String value, int min, int max)
    {
        try {
            return FormFields.integer(value, "number", min, max).orElse(min);
        }
        catch (ValidationException e) {
            return min;
        }
    }

    private static SearchRequest searchRequest(GuestViews.SearchForm form)
    {
        return SearchRequest.of(Optional.of(form.q()), Optional.empty(),
                FormFields.date(form.checkIn(), "check_in"), FormFields.date(form.checkOut(), "check_out"),
                Optional.of(form.rooms()), Optional.of(form.guests()),
                FormFields.price(form.minPrice(), "min_price"), FormFields.price(form.maxPrice(), "max_price"),
                Optional.empty(), FormFields.integer(form.minStars(), "min_stars", 1, 5),
                form.amenities(), SearchSort.parse(null), Optional.empty(), Optional.empty());
    }

    /** A hotel's page: a view of it, as the API's read is; with dates, what each room type has free and costs. */
    private void hotelPage(Context ctx)
    {
        long id = HotelRoutes.pathId(ctx, "id");
        Hotel hotel = hotels.find(id).filter(Hotel::isActive).orElseThrow(() -> ProblemException.notFound("hotel[%s] not found".formatted(id)));
        pageViews.record(ctx, id);
        GuestViews.SearchForm form = searchForm(ctx);
        InventoryService.Availability availability = null;
        String error = null;
        if (form.dated()) {
            try {
                availability = inventory.availability(id, Stay.of(FormFields.requiredDate(form.checkIn(), "check_in"), FormFields.requiredDate(form.checkOut(), "check_out"),
                        form.rooms(), form.guests()));
            }
            catch (ValidationException | DomainException e) {
                ctx.status(formProblem(e));
                error = e.getMessage();
            }
        }
        templates.send(ctx, "hotel.jte", new GuestViews.HotelView(frame(ctx, hotel.name()), hotel, form, availability, error, UUID.randomUUID().toString()));
    }

    private void signInPage(Context ctx)
    {
        templates.send(ctx, "signin.jte", new GuestViews.SignInView(frame(ctx, "Sign in"), WebSession.localPath(ctx.queryParam("next"), "/"), null, null));
    }

    /** Registers a new guest (name and e-mail) or signs in with a token a guest kept; the token goes in the cookie. */
    private void signIn(Context ctx)
    {
        session.checkForm(ctx);
        String next = WebSession.localPath(ctx.formParam("next"), "/");
        Optional<String> token = FormFields.optional(ctx.formParam("token"), "token");
        if (token.isPresent()) {
            Optional<Principal> guest = Optional.of(token.get()).filter(value -> value.length() <= 200).flatMap(session::byToken)
                    .filter(principal -> principal.role() == Principal.Role.GUEST);
            if (guest.isEmpty()) {
                ctx.status(401);
                templates.send(ctx, "signin.jte", new GuestViews.SignInView(frame(ctx, "Sign in"), next, "That token is not a guest's, or it was revoked.", null));
                return;
            }
            session.signIn(ctx, WebSession.GUEST_COOKIE, token.get());
            ctx.redirect(next, HttpStatus.SEE_OTHER);
            return;
        }
        GuestRepository.RegisteredGuest registered;
        try {
            registered = guests.register(new GuestRequest(FormFields.text(ctx.formParam("email"), "email"), FormFields.text(ctx.formParam("name"), "name")));
        }
        catch (ValidationException e) {
            ctx.status(400);
            templates.send(ctx, "signin.jte", new GuestViews.SignInView(frame(ctx, "Sign in"), next, e.getMessage(), null));
            return;
        }
        session.signIn(ctx, WebSession.GUEST_COOKIE, registered.token());
        // the token is shown once, to sign in from another browser; the cookie holds it here
        templates.send(ctx, "signin.jte", new GuestViews.SignInView(GuestViews.Frame.guest("Welcome", registered.name(), session.csrfToken(ctx)), next, null,
                registered.token()));
    }

    private void signOut(Context ctx)
    {
        session.checkForm(ctx);
        session.signOut(ctx, WebSession.GUEST_COOKIE);
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    /** Holds the rooms under the key the hotel page made: a second post of the same form (a double click) gets the same hold. */
    private void book(Context ctx)
    {
        session.checkForm(ctx);
        Principal guest = requireGuest(ctx);
        ReservationRequest request = new ReservationRequest(
                FormFields.requiredLong(ctx.formParam("hotel_id"), "hotel_id"),
                FormFields.requiredLong(ctx.formParam("room_type_id"), "room_type_id"),
                FormFields.requiredDate(ctx.formParam("check_in"), "check_in"),
                FormFields.requiredDate(ctx.formParam("check_out"), "check_out"),
                FormFields.integer(ctx.formParam("rooms"), "rooms", 1, Stay.MAX_ROOMS).orElse(null),
                FormFields.integer(ctx.formParam("guests"), "guests", 1, Stay.MAX_GUESTS).orElse(null));
        StoredResponse response = reservations.reserve(guest, FormFields.key(ctx.formParam("key"), "key"), request);
        ctx.redirect("/bookings/" + field(response, "reservation_id"), HttpStatus.SEE_OTHER);
    }

    private void bookingPage(Context ctx)
    {
        Optional<Principal> guest = session.guest(ctx);
        if (guest.isEmpty()) {
            session.redirectToSignIn(ctx, "/signin");
            return;
        }
        UUID id = ReservationRoutes.reservationId(ctx);
        Reservation reservation = reservations.find(guest.get(), id);
        String hotelName = hotels.find(reservation.hotelId()).map(Hotel::name).orElse("Hotel " + reservation.hotelId());
        GuestViews.BookingView view = new GuestViews.BookingView(frame(ctx, "Reservation at " + hotelName, guest), reservation, hotelName,
                reservations.cancellationQuote(guest.get(), id), UUID.randomUUID().toString(), UUID.randomUUID().toString(), ctx.queryParam("from_checkout") != null);
        // htmx polls the outcome while the provider's webhook is on its way
        templates.send(ctx, ctx.header("HX-Request") != null ? "booking-state.jte" : "booking.jte", view);
    }

    private void bookingsPage(Context ctx)
    {
        Optional<Principal> guest = session.guest(ctx);
        if (guest.isEmpty()) {
            session.redirectToSignIn(ctx, "/signin");
            return;
        }
        Optional<ReservationRepository.Cursor> after = FormFields.optional(ctx.queryParam("after"), "after").map(ReservationRepository.Cursor::parse);
        ReservationService.Page page = reservations.page(new ReservationRepository.Query(guest.get().guestId(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), after, BOOKINGS_PAGE));
        Map<Long, String> names = new HashMap<>();
        List<GuestViews.BookingLine> lines = new ArrayList<>();
        for (Reservation reservation : page.reservations()) {
            String name = names.computeIfAbsent(reservation.hotelId(), hotelId -> hotels.find(hotelId).map(Hotel::name).orElse("Hotel " + hotelId));
            lines.add(new GuestViews.BookingLine(reservation, name, reservations.cancellationQuote(guest.get(), reservation.id()), UUID.randomUUID().toString()));
        }
        templates.send(ctx, "bookings.jte", new GuestViews.BookingsView(frame(ctx, "My bookings", guest), lines, page.next()));
    }

    /**
     * Starts the payment and sends the guest to the provider's page, which sends them back to
     * the reservation's page when they have paid or declined.
     */
    private void pay(Context ctx)
    {
        session.checkForm(ctx);
        Principal guest = requireGuest(ctx);
        UUID id = ReservationRoutes.reservationId(ctx);
        StoredResponse response = payments.pay(guest, FormFields.key(ctx.formParam("key"), "key"), id);
        URI checkout = URI.create(field(response, "checkout_url"));
        String back = "%s://%s/bookings/%s?from_checkout=1".formatted(ctx.scheme(), ctx.host(), id);
        ctx.redirect(checkout + (checkout.getRawQuery() == null ? "?" : "&") + "return_url=" + URLEncoder.encode(back, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
    }

    private void cancel(Context ctx)
    {
        session.checkForm(ctx);
        Principal guest = requireGuest(ctx);
        UUID id = ReservationRoutes.reservationId(ctx);
        reservations.cancel(guest, FormFields.key(ctx.formParam("key"), "key"), id);
        ctx.redirect(WebSession.localPath(ctx.formParam("next"), "/bookings/" + id), HttpStatus.SEE_OTHER);
    }

    /**
     * The status of a problem the page shows beside its form: a value the guest can fix (400, or
     * 422 for dates the hotel does not sell); anything else (an outage, a 503) is not the form's
     * and goes to the error mapper as it is.
     */
    private static int formProblem(RuntimeException e)
    {
        if (e instanceof ValidationException) {
            return 400;
        }
        DomainException domain = (DomainException) e;
        if (domain.kind() == DomainException.Kind.UNPROCESSABLE) {
            return 422;
        }
        throw domain;
    }

    /** A form that needs a guest, posted without one (signed out in another tab): a 401 that says to sign in. */
    private Principal requireGuest(Context ctx)
    {
        return session.guest(ctx).orElseThrow(() -> ProblemException.unauthorized("sign in as a guest first (the sign-in page is /signin)"));
    }

    /** A field of an answer the services stored as the API's JSON. */
    private String field(StoredResponse response, String name)
    {
        try {
            JsonNode body = json.readTree(response.body());
            JsonNode value = body.get(name);
            if (value == null || !value.isTextual()) {
                throw new IllegalStateException("the stored answer has no " + name);
            }
            return value.asText();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
