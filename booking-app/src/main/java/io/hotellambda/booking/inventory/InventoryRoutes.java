package io.hotellambda.booking.inventory;

import io.hotellambda.booking.auth.Authenticator;
import io.hotellambda.http.JsonBodies;
import io.hotellambda.http.QueryParameters;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.LocalDate;
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
        LocalDate from = QueryParameters.date(ctx, "from");
        LocalDate to = QueryParameters.date(ctx, "to");
        bodies.write(ctx, Map.of("room_type_id", roomTypeId, "nights", inventory.nights(hotelId, roomTypeId, from, to)));
    }

    private void change(Context ctx)
    {
        long hotelId = pathId(ctx, "id");
        long roomTypeId = pathId(ctx, "roomTypeId");
        authenticator.requireManager(ctx, hotelId);
        QueryParameters.requireKnown(ctx, "from", "to");
        LocalDate from = QueryParameters.date(ctx, "from");
        LocalDate to = QueryParameters.date(ctx, "to");
        InventoryChange change = bodies.read(ctx, InventoryChange.class, maxRequestBytes);
        bodies.write(ctx, Map.of("room_type_id", roomTypeId, "nights", inventory.change(hotelId, roomTypeId, from, to, change)));
    }

    private void availability(Context ctx)
    {
        long hotelId = pathId(ctx, "id");
        QueryParameters.requireKnown(ctx, "check_in", "check_out", "rooms", "guests");
        Stay stay = Stay.of(QueryParameters.date(ctx, "check_in"), QueryParameters.date(ctx, "check_out"), QueryParameters.optionalInt(ctx, "rooms").orElse(null), QueryParameters.optionalInt(ctx, "guests").orElse(null));
        bodies.write(ctx, inventory.availability(hotelId, stay));
    }
}
