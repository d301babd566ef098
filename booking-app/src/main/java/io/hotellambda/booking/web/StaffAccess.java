package io.hotellambda.booking.web;

import io.hotellambda.booking.auth.Principal;
import io.hotellambda.booking.catalog.Hotel;
import io.hotellambda.booking.catalog.HotelRepository;
import io.hotellambda.booking.catalog.HotelRoutes;
import io.hotellambda.booking.catalog.RoomType;
import io.hotellambda.http.ProblemException;
import io.javalin.http.Context;

import java.util.Optional;

/**
 * Who is at a staff page and what it is about, checked as the API checks it: the signed-in staff
 * member (a hotel's staff or an admin), whether they may manage the page's hotel, and the hotel
 * and room type its path names. Shared by the staff pages and the catalog forms.
 */
final class StaffAccess
{
    private final HotelRepository hotels;
    private final WebSession session;

    StaffAccess(HotelRepository hotels, WebSession session)
    {
        this.hotels = hotels;
        this.session = session;
    }

    GuestViews.Frame frame(Context ctx, String title, Optional<Principal> staff)
    {
        return new GuestViews.Frame(title, staff.map(StaffAccess::name).orElse(null), session.csrfToken(ctx), true);
    }

    private static String name(Principal principal)
    {
        return principal.role() == Principal.Role.ADMIN ? "admin" : "staff of hotel " + principal.hotelId().orElseThrow();
    }

    /** The signed-in staff member, if any. */
    Optional<Principal> staff(Context ctx)
    {
        return session.staff(ctx);
    }

    /** A page's staff member who may manage its hotel; sends the browser to sign in (empty), or refuses (403), otherwise. */
    Optional<Principal> pageManager(Context ctx)
    {
        Optional<Principal> staff = session.staff(ctx);
        if (staff.isEmpty()) {
            session.redirectToSignIn(ctx, "/staff/signin");
            return Optional.empty();
        }
        long id = HotelRoutes.pathId(ctx, "id");
        if (!staff.get().mayManage(id)) {
            throw ProblemException.forbidden("this staff token may not manage hotel[%s]".formatted(id));
        }
        return staff;
    }

    /** A form's staff member, after its CSRF check: 401 when signed out, 403 when they may not manage the path's hotel. */
    Principal formManager(Context ctx)
    {
        Principal staff = formStaff(ctx);
        long id = HotelRoutes.pathId(ctx, "id");
        if (!staff.mayManage(id)) {
            throw ProblemException.forbidden("this token may not modify hotel[%s]".formatted(id));
        }
        return staff;
    }

    /** A form's signed-in staff member, after its CSRF check; 401 when signed out. */
    Principal formStaff(Context ctx)
    {
        session.checkForm(ctx);
        return session.staff(ctx).orElseThrow(() -> ProblemException.unauthorized("sign in as staff first (the sign-in page is /staff/signin)"));
    }

    Hotel hotel(Context ctx)
    {
        long id = HotelRoutes.pathId(ctx, "id");
        return hotels.find(id).orElseThrow(() -> ProblemException.notFound("hotel[%s] not found".formatted(id)));
    }

    static RoomType roomType(Context ctx, Hotel hotel)
    {
        long roomTypeId = HotelRoutes.pathId(ctx, "roomTypeId");
        return hotel.roomTypes().stream().filter(roomType -> roomType.id() == roomTypeId).findFirst()
                .orElseThrow(() -> ProblemException.notFound("RoomType[%s] for hotel[%s] not found".formatted(roomTypeId, hotel.id())));
    }
}
