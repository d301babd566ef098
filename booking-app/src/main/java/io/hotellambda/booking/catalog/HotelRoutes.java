package io.hotellambda.booking.catalog;

import io.hotellambda.booking.auth.ApiTokenRepository;
import io.hotellambda.booking.auth.Authenticator;
import io.hotellambda.http.JsonBodies;
import io.hotellambda.http.ProblemException;
import io.hotellambda.http.QueryParameters;
import io.hotellambda.booking.views.HotelDirectory;
import io.hotellambda.booking.views.PageViewRecorder;
import io.hotellambda.schemas.Checks;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The hotel catalog: public reads and search; writes by an admin or the hotel's own staff.
 * Deactivating a hotel ({@code DELETE}, or {@code is_active: false}) hides it from search and
 * from the public, and stops its views being accepted; its data stays.
 */
public final class HotelRoutes
{
    private final HotelRepository hotels;
    private final ApiTokenRepository tokens;
    private final Authenticator authenticator;
    private final JsonBodies bodies;
    private final HotelDirectory directory;
    private final PageViewRecorder pageViews;
    private final long maxRequestBytes;

    public HotelRoutes(HotelRepository hotels, ApiTokenRepository tokens, Authenticator authenticator, JsonBodies bodies, HotelDirectory directory, PageViewRecorder pageViews, long maxRequestBytes)
    {
        this.hotels = hotels;
        this.tokens = tokens;
        this.authenticator = authenticator;
        this.bodies = bodies;
        this.directory = directory;
        this.pageViews = pageViews;
        this.maxRequestBytes = maxRequestBytes;
    }

    public void register(Javalin app)
    {
        app.post("/v1/hotels", this::create);
        app.get("/v1/hotels", this::search);
        app.get("/v1/hotels/{id}", this::read);
        app.put("/v1/hotels/{id}", this::replace);
        app.delete("/v1/hotels/{id}", this::deactivate);
        app.get("/v1/hotels/{id}/room-types", this::roomTypes);
        app.post("/v1/hotels/{id}/room-types", this::createRoomType);
        app.put("/v1/hotels/{id}/room-types/{roomTypeId}", this::replaceRoomType);
        app.post("/v1/hotels/{id}/staff-tokens", this::createStaffToken);
        app.get("/v1/hotels/{id}/staff-tokens", this::staffTokens);
        app.delete("/v1/hotels/{id}/staff-tokens/{tokenId}", this::revokeStaffToken);
    }

    private void create(Context ctx)
    {
        authenticator.requireAdmin(ctx);
        Hotel hotel = hotels.create(bodies.read(ctx, HotelRequest.class, maxRequestBytes));
        ctx.status(201).header("Location", "/v1/hotels/" + hotel.id()).json(hotel.withRoomTypes(List.of()));
    }

    private void search(Context ctx)
    {
        QueryParameters.requireKnown(ctx, "city", "stars", "min_stars", "amenity", "limit", "after");
        HotelSearch search = new HotelSearch(
                Optional.ofNullable(QueryParameters.single(ctx, "city")).filter(city -> !city.isBlank()),
                optionalInt(ctx, "stars"),
                optionalInt(ctx, "min_stars"),
                QueryParameters.all(ctx, "amenity"),
                optionalInt(ctx, "limit").orElse(20),
                optionalLong(ctx, "after"));
        List<Hotel> page = hotels.search(search);
        Long next = page.size() == search.limit() ? page.get(page.size() - 1).id() : null;
        ctx.json(new SearchPage(page, next));
    }

    /** A page of search results; {@code next_after} is the {@code after} of the next page, or null. */
    public record SearchPage(List<Hotel> hotels, Long nextAfter) {}

    /** The hotel page. A guest's read is a view; the hotel's own staff (or an admin) reading it is not. */
    private void read(Context ctx)
    {
        long id = pathId(ctx, "id");
        boolean manager = authenticator.optionalPrincipal(ctx).map(principal -> principal.mayManage(id)).orElse(false);
        Hotel hotel = hotels.find(id)
                .filter(found -> found.isActive() || manager)
                .orElseThrow(() -> hotelNotFound(id));
        if (hotel.isActive() && !manager) {
            pageViews.record(ctx, id);
        }
        ctx.json(hotel);
    }

    private void replace(Context ctx)
    {
        long id = pathId(ctx, "id");
        authenticator.requireManager(ctx, id);
        Hotel hotel = hotels.update(id, bodies.read(ctx, HotelRequest.class, maxRequestBytes)).orElseThrow(() -> hotelNotFound(id));
        directory.forget(id);
        ctx.json(hotel.withRoomTypes(hotels.roomTypes(id)));
    }

    private void deactivate(Context ctx)
    {
        long id = pathId(ctx, "id");
        authenticator.requireManager(ctx, id);
        if (!hotels.deactivate(id)) {
            throw hotelNotFound(id);
        }
        directory.forget(id);
        ctx.status(204);
    }

    private void roomTypes(Context ctx)
    {
        long id = pathId(ctx, "id");
        Hotel hotel = hotels.find(id).filter(Hotel::isActive).orElseThrow(() -> hotelNotFound(id));
        ctx.json(Map.of("room_types", hotel.roomTypes()));
    }

    private void createRoomType(Context ctx)
    {
        long id = pathId(ctx, "id");
        authenticator.requireManager(ctx, id);
        RoomTypeRequest request = bodies.read(ctx, RoomTypeRequest.class, maxRequestBytes);
        hotels.find(id).orElseThrow(() -> hotelNotFound(id));
        RoomType roomType = hotels.createRoomType(id, request);
        ctx.status(201).header("Location", "/v1/hotels/%s/room-types/%s".formatted(id, roomType.id())).json(roomType);
    }

    private void replaceRoomType(Context ctx)
    {
        long id = pathId(ctx, "id");
        long roomTypeId = pathId(ctx, "roomTypeId");
        authenticator.requireManager(ctx, id);
        RoomTypeRequest request = bodies.read(ctx, RoomTypeRequest.class, maxRequestBytes);
        ctx.json(hotels.updateRoomType(id, roomTypeId, request)
                .orElseThrow(() -> ProblemException.notFound("RoomType[%s] for hotel[%s] not found".formatted(roomTypeId, id))));
    }

    private void createStaffToken(Context ctx)
    {
        long id = pathId(ctx, "id");
        authenticator.requireAdmin(ctx);
        StaffTokenRequest request = bodies.read(ctx, StaffTokenRequest.class, maxRequestBytes);
        hotels.find(id).orElseThrow(() -> hotelNotFound(id));
        ApiTokenRepository.IssuedToken issued = tokens.createStaffToken(id, request.label());
        ctx.status(201).header("Location", "/v1/hotels/%s/staff-tokens/%s".formatted(id, issued.staffToken().id()))
                .json(new StaffToken(issued.staffToken().id(), issued.token(), id, request.label()));
    }

    private void staffTokens(Context ctx)
    {
        long id = pathId(ctx, "id");
        authenticator.requireAdmin(ctx);
        hotels.find(id).orElseThrow(() -> hotelNotFound(id));
        ctx.json(Map.of("staff_tokens", tokens.staffTokens(id)));
    }

    private void revokeStaffToken(Context ctx)
    {
        long id = pathId(ctx, "id");
        long tokenId = pathId(ctx, "tokenId");
        authenticator.requireAdmin(ctx);
        ctx.json(tokens.revokeStaffToken(id, tokenId));
    }

    public record StaffTokenRequest(String label)
    {
        public StaffTokenRequest
        {
            Checks.text(label, "label", 200);
        }
    }

    /** Shown once: only its hash is stored; {@code id} names it for listing and revocation. */
    public record StaffToken(long id, String token, long hotelId, String label) {}

    private static ProblemException hotelNotFound(long id)
    {
        return ProblemException.notFound("Hotel[%s] not found".formatted(id));
    }

    public static long pathId(Context ctx, String name)
    {
        String value = ctx.pathParam(name);
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        }
        catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.badRequest("path parameter[%s]='%s' must be a positive integer".formatted(name, Checks.abbreviate(value)));
    }

    private static OptionalInt optionalInt(Context ctx, String name)
    {
        return QueryParameters.optionalInt(ctx, name).map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    private static OptionalLong optionalLong(Context ctx, String name)
    {
        return QueryParameters.optionalLong(ctx, name).map(OptionalLong::of).orElse(OptionalLong.empty());
    }
}
