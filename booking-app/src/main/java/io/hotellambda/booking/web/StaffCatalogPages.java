package io.hotellambda.booking.web;

import io.hotellambda.booking.auth.Principal;
import io.hotellambda.booking.catalog.Hotel;
import io.hotellambda.booking.catalog.HotelRepository;
import io.hotellambda.booking.catalog.HotelRequest;
import io.hotellambda.booking.catalog.RoomType;
import io.hotellambda.booking.catalog.RoomTypeRequest;
import io.hotellambda.booking.views.HotelDirectory;
import io.hotellambda.http.ProblemException;
import io.hotellambda.schemas.DomainException;
import io.hotellambda.schemas.ValidationException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Onboarding and editing from the staff pages: an admin onboards a hotel; its staff (or an admin)
 * edit the hotel (its facts, description, amenities and images by URL) and add or edit its room
 * types (rooms, guests, prices, overbooking, automatic pricing). The forms post what the API's
 * {@code POST/PUT /v1/hotels} and room-type routes take, through the same repository and checks;
 * a value the checks refuse shows the form again with what was typed and why.
 */
public final class StaffCatalogPages
{
    static final List<String> HOTEL_FIELDS = List.of("name", "city", "country", "address", "star_rating", "time_zone", "currency", "amenities", "image_urls",
            "description", "active");
    static final List<String> ROOM_TYPE_FIELDS = List.of("name", "capacity", "quantity", "price_min", "price_max", "base_price", "overbooking_percent",
            "auto_pricing");
    /** Text areas: image URLs one per line (20 of up to 2,000 characters), the description, the address. */
    private static final Set<String> LONG_FIELDS = Set.of("image_urls", "description", "address");
    private static final int MAX_LONG_FIELD = 45_000;

    private final HotelRepository hotels;
    private final HotelDirectory directory;
    private final StaffAccess access;
    private final Templates templates;

    public StaffCatalogPages(HotelRepository hotels, HotelDirectory directory, WebSession session, Templates templates)
    {
        this.hotels = hotels;
        this.directory = directory;
        this.access = new StaffAccess(hotels, session);
        this.templates = templates;
    }

    /** Registered before the staff pages: {@code /staff/hotels/new} is not a hotel id. */
    public void register(Javalin app)
    {
        app.get("/staff/hotels/new", this::newHotel);
        app.post("/staff/hotels", this::createHotel);
        app.get("/staff/hotels/{id}/edit", this::editHotel);
        app.post("/staff/hotels/{id}", this::updateHotel);
        app.get("/staff/hotels/{id}/room-types/new", this::newRoomType);
        app.post("/staff/hotels/{id}/room-types", this::createRoomType);
        app.get("/staff/hotels/{id}/room-types/{roomTypeId}/edit", this::editRoomType);
        app.post("/staff/hotels/{id}/room-types/{roomTypeId}", this::updateRoomType);
    }

    private void newHotel(Context ctx)
    {
        Optional<Principal> admin = admin(ctx);
        if (admin.isPresent()) {
            Map<String, String> values = Map.of("time_zone", HotelRequest.DEFAULT_TIME_ZONE, "currency", HotelRequest.DEFAULT_CURRENCY, "active", "on");
            hotelForm(ctx, admin, null, values, null);
        }
    }

    private void createHotel(Context ctx)
    {
        Principal staff = access.formStaff(ctx);
        if (staff.role() != Principal.Role.ADMIN) {
            throw ProblemException.forbidden("only an admin token may onboard a hotel");
        }
        Map<String, String> values = fields(ctx, HOTEL_FIELDS);
        try {
            Hotel hotel = hotels.create(hotelRequest(values));
            ctx.redirect("/staff/hotels/" + hotel.id(), HttpStatus.SEE_OTHER);
        }
        catch (ValidationException | DomainException e) {
            ctx.status(formProblem(e));
            hotelForm(ctx, Optional.of(staff), null, values, e.getMessage());
        }
    }

    private void editHotel(Context ctx)
    {
        Optional<Principal> staff = access.pageManager(ctx);
        if (staff.isPresent()) {
            Hotel hotel = access.hotel(ctx);
            hotelForm(ctx, staff, hotel.id(), values(hotel), null);
        }
    }

    private void updateHotel(Context ctx)
    {
        Principal staff = access.formManager(ctx);
        Hotel hotel = access.hotel(ctx);
        Map<String, String> values = fields(ctx, HOTEL_FIELDS);
        try {
            hotels.update(hotel.id(), hotelRequest(values)).orElseThrow(() -> ProblemException.notFound("hotel[%s] not found".formatted(hotel.id())));
            directory.forget(hotel.id());
            ctx.redirect("/staff/hotels/" + hotel.id(), HttpStatus.SEE_OTHER);
        }
        catch (ValidationException | DomainException e) {
            ctx.status(formProblem(e));
            hotelForm(ctx, Optional.of(staff), hotel.id(), values, e.getMessage());
        }
    }

    private void newRoomType(Context ctx)
    {
        Optional<Principal> staff = access.pageManager(ctx);
        if (staff.isPresent()) {
            roomTypeForm(ctx, staff, access.hotel(ctx), null, Map.of("capacity", "2", "overbooking_percent",
                    Integer.toString(RoomTypeRequest.DEFAULT_OVERBOOKING_PERCENT)), null);
        }
    }

    private void createRoomType(Context ctx)
    {
        Principal staff = access.formManager(ctx);
        Hotel hotel = access.hotel(ctx);
        Map<String, String> values = fields(ctx, ROOM_TYPE_FIELDS);
        try {
            hotels.createRoomType(hotel.id(), roomTypeRequest(values));
            ctx.redirect("/staff/hotels/" + hotel.id(), HttpStatus.SEE_OTHER);
        }
        catch (ValidationException | DomainException e) {
            ctx.status(formProblem(e));
            roomTypeForm(ctx, Optional.of(staff), hotel, null, values, e.getMessage());
        }
    }

    private void editRoomType(Context ctx)
    {
        Optional<Principal> staff = access.pageManager(ctx);
        if (staff.isPresent()) {
            Hotel hotel = access.hotel(ctx);
            RoomType roomType = StaffAccess.roomType(ctx, hotel);
            roomTypeForm(ctx, staff, hotel, roomType.id(), values(roomType), null);
        }
    }

    private void updateRoomType(Context ctx)
    {
        Principal staff = access.formManager(ctx);
        Hotel hotel = access.hotel(ctx);
        RoomType roomType = StaffAccess.roomType(ctx, hotel);
        Map<String, String> values = fields(ctx, ROOM_TYPE_FIELDS);
        try {
            hotels.updateRoomType(hotel.id(), roomType.id(), roomTypeRequest(values))
                    .orElseThrow(() -> ProblemException.notFound("RoomType[%s] for hotel[%s] not found".formatted(roomType.id(), hotel.id())));
            ctx.redirect("/staff/hotels/" + hotel.id(), HttpStatus.SEE_OTHER);
        }
        catch (ValidationException | DomainException e) {
            ctx.status(formProblem(e));
            roomTypeForm(ctx, Optional.of(staff), hotel, roomType.id(), values, e.getMessage());
        }
    }

    /** The signed-in admin; staff of one hotel are refused, a signed-out browser is sent to sign in. */
    private Optional<Principal> admin(Context ctx)
    {
        Optional<Principal> staff = access.staff(ctx);
        if (staff.isEmpty()) {
            ctx.redirect("/staff/signin", HttpStatus.SEE_OTHER);
            return Optional.empty();
        }
        if (staff.get().role() != Principal.Role.ADMIN) {
            throw ProblemException.forbidden("only an admin token may onboard a hotel");
        }
        return staff;
    }

    private void hotelForm(Context ctx, Optional<Principal> staff, Long hotelId, Map<String, String> values, String error)
    {
        String title = hotelId == null ? "Onboard a hotel" : "Edit " + values.getOrDefault("name", "the hotel");
        templates.send(ctx, "staff-hotel-form.jte", new StaffViews.HotelForm(access.frame(ctx, title, staff), hotelId, values, error));
    }

    private void roomTypeForm(Context ctx, Optional<Principal> staff, Hotel hotel, Long roomTypeId, Map<String, String> values, String error)
    {
        String title = (roomTypeId == null ? "New room type" : "Edit room type") + " · " + hotel.name();
        templates.send(ctx, "staff-room-type-form.jte", new StaffViews.RoomTypeForm(access.frame(ctx, title, staff), hotel, roomTypeId, values, error));
    }

    /** A refusal the form shows beside what was typed: a bad value (400) or a change the inventory cannot take (409); anything else is not the form's. */
    private static int formProblem(RuntimeException e)
    {
        if (e instanceof ValidationException) {
            return 400;
        }
        DomainException domain = (DomainException) e;
        return switch (domain.kind()) {
            case CONFLICT -> 409;
            case UNPROCESSABLE -> 422;
            default -> throw domain;
        };
    }

    /** The form's fields as typed (stripped; the multi-line ones keep their lines). */
    private static Map<String, String> fields(Context ctx, List<String> names)
    {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names) {
            String value = ctx.formParam(name);
            values.put(name, LONG_FIELDS.contains(name) ? FormFields.multiline(value, name, MAX_LONG_FIELD) : FormFields.text(value, name));
        }
        return values;
    }

    static HotelRequest hotelRequest(Map<String, String> values)
    {
        return new HotelRequest(values.get("name"), values.get("city"), values.get("country").toUpperCase(Locale.ROOT), values.get("address"),
                FormFields.integer(values.get("star_rating"), "star_rating", 1, 5).orElse(null),
                blankAsDefault(values.get("time_zone")), blankAsDefault(values.get("currency").toUpperCase(Locale.ROOT)),
                Arrays.stream(values.get("amenities").split(",")).map(String::strip).filter(tag -> !tag.isEmpty()).toList(),
                values.get("image_urls").lines().map(String::strip).filter(url -> !url.isEmpty()).toList(),
                "on".equals(values.get("active")), values.get("description"));
    }

    static RoomTypeRequest roomTypeRequest(Map<String, String> values)
    {
        return new RoomTypeRequest(values.get("name"),
                FormFields.integer(values.get("capacity"), "capacity", 1, 50).orElse(null),
                FormFields.integer(values.get("quantity"), "quantity", 0, 100_000).orElse(null),
                FormFields.cents(values.get("price_min"), "price_min").orElse(null),
                FormFields.cents(values.get("price_max"), "price_max").orElse(null),
                FormFields.cents(values.get("base_price"), "base_price").orElse(null),
                FormFields.integer(values.get("overbooking_percent"), "overbooking_percent", 100, 200).orElse(null),
                "on".equals(values.get("auto_pricing")));
    }

    private static String blankAsDefault(String value)
    {
        return value.isEmpty() ? null : value;
    }

    private static Map<String, String> values(Hotel hotel)
    {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", hotel.name());
        values.put("city", hotel.city());
        values.put("country", hotel.country());
        values.put("address", hotel.address());
        values.put("star_rating", Integer.toString(hotel.starRating()));
        values.put("time_zone", hotel.timeZone());
        values.put("currency", hotel.currency());
        values.put("amenities", String.join(", ", hotel.amenities()));
        values.put("image_urls", String.join("\n", hotel.imageUrls()));
        values.put("description", hotel.description());
        values.put("active", hotel.isActive() ? "on" : "");
        return values;
    }

    private static Map<String, String> values(RoomType roomType)
    {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", roomType.name());
        values.put("capacity", Integer.toString(roomType.capacity()));
        values.put("quantity", Integer.toString(roomType.quantity()));
        values.put("price_min", FormFields.amount(roomType.priceMinCents()));
        values.put("price_max", FormFields.amount(roomType.priceMaxCents()));
        values.put("base_price", FormFields.amount(roomType.basePriceCents()));
        values.put("overbooking_percent", Integer.toString(roomType.overbookingPercent()));
        values.put("auto_pricing", roomType.autoPricing() ? "on" : "");
        return values;
    }
}
