package io.hotellambda.booking.auth;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** Who a bearer token belongs to: an admin (every hotel), the staff of one hotel, or a guest. */
public record Principal(Role role, OptionalLong hotelId, Optional<UUID> guestId)
{
    public enum Role
    {
        ADMIN, STAFF, GUEST
    }

    public Principal
    {
        if ((role == Role.STAFF) == hotelId.isEmpty() || (role == Role.GUEST) == guestId.isEmpty()) {
            throw new IllegalArgumentException("staff have exactly one hotel, a guest is one guest, an admin is neither");
        }
    }

    public static Principal admin()
    {
        return new Principal(Role.ADMIN, OptionalLong.empty(), Optional.empty());
    }

    public static Principal staff(long hotelId)
    {
        return new Principal(Role.STAFF, OptionalLong.of(hotelId), Optional.empty());
    }

    public static Principal guest(UUID guestId)
    {
        return new Principal(Role.GUEST, OptionalLong.empty(), Optional.of(guestId));
    }

    /** May change the hotel and see all of its reservations: its staff, or an admin. */
    public boolean mayManage(long hotel)
    {
        return role == Role.ADMIN || (role == Role.STAFF && hotelId.getAsLong() == hotel);
    }

    /** The scope of this caller's idempotency keys: two callers never share one. */
    public String idempotencyScope()
    {
        return switch (role) {
            case ADMIN -> "admin";
            case STAFF -> "staff:" + hotelId.getAsLong();
            case GUEST -> "guest:" + guestId.get();
        };
    }
}
