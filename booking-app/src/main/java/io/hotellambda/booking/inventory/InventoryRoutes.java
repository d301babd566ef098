package io.hotellambda.booking.inventory;

import io.hotellambda.booking.auth.Authenticator;
import io.hotellambda.http.JsonBodies;
import io.hotellambda.http.ProblemException;
import io.hotellambda.http.QueryParameters;
import io.hotellambda.schemas.Checks;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

import static io.hotellambda.booking.catalog.HotelRoutes.pathId;

/**
 * {@code GET/PUT /v1/hotels/{id}/room-types/{rt}/inventory?from=&to=} for the hotel's staff, and
 * the public {@code GET /v1/hotels/{id}/availability?check_in=&check_out=&rooms=&guests=}.
 */
public final class InventoryRoutes
{
    private final InventoryService inventory;
    private final Authenticator authenticator;
    private final JsonBodies bodies;
    private final long maxRequestBytes;

    public InventoryRoutes(InventoryService inventory, Authenticator authenticator, JsonBodies bodies, long maxRequestBytes)
    {
        this.inventory = inventory;
        this.authenticator = authenticator;
        this.bodies = bodies;
        this.maxRequestBytes = maxRequestBytes;
    }

    public void register(Javalin app)
    {
        app.get("/v1/hotels/{id}/room-types/{roomTypeId}/inventory", this::read);
        app.put("/v1/hotels/{id}/room-types/{roomTypeId}/inventory", this::change);
        app.get("/v1/hotels/{id}/availability", this::availability);
    }

    private void read(Context ctx)
    {
        long hotelId = pathId(ctx, "id");
        long roomTypeId = pathId(ctx, "roomTypeId");
        authenticator.requireManager(ctx, hotelId);
        QueryParameters.requireKnown(ctx, "from", "to");
        LocalDate from = date(ctx, "from");
        LocalDate to = date(ctx, "to");
        bodies.write(ctx, Map.of("room_type_id", roomTypeId, "nights", inventory.nights(hotelId, roomTypeId, from, to)));
    }

    private void change(Context ctx)
    {
        long hotelId = pathId(ctx, "id");
        long roomTypeId = pathId(ctx, "roomTypeId");
        authenticator.requireManager(ctx, hotelId);
        QueryParameters.requireKnown(ctx, "from", "to");
        LocalDate from = date(ctx, "from");
        LocalDate to = date(ctx, "to");
        InventoryChange change = bodies.read(ctx, InventoryChange.class, maxRequestBytes);
        bodies.write(ctx, Map.of("room_type_id", roomTypeId, "nights", inventory.change(hotelId, roomTypeId, from, to, change)));
    }

    private void availability(Context ctx)
    {
        long hotelId = pathId(ctx, "id");
        QueryParameters.requireKnown(ctx, "check_in", "check_out", "rooms", "guests");
        Stay stay = Stay.of(date(ctx, "check_in"), date(ctx, "check_out"), optionalInt(ctx, "rooms"), optionalInt(ctx, "guests"));
        bodies.write(ctx, inventory.availability(hotelId, stay));
    }

    private static LocalDate date(Context ctx, String name)
    {
        String value = QueryParameters.single(ctx, name);
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("query parameter[%s] is required: a date such as 2027-03-14".formatted(name));
        }
        try {
            return LocalDate.parse(value.strip());
        }
        catch (DateTimeParseException e) {
            throw ProblemException.badRequest("query parameter[%s]='%s' must be a date such as 2027-03-14".formatted(name, Checks.abbreviate(value)));
        }
    }

    private static Integer optionalInt(Context ctx, String name)
    {
        String value = QueryParameters.single(ctx, name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        }
        catch (NumberFormatException e) {
            throw ProblemException.badRequest("query parameter[%s]='%s' must be an integer".formatted(name, Checks.abbreviate(value)));
        }
    }
}
