package io.hotellambda.booking.auth;

import java.util.OptionalLong;

/** Who a bearer token belongs to: an admin (every hotel) or the staff of one hotel. */
public record Principal(Role role, OptionalLong hotelId)
{
    public enum Role
    {
        ADMIN, STAFF
    }

    public Principal
    {
        if ((role == Role.ADMIN) != hotelId.isEmpty()) {
            throw new IllegalArgumentException("an admin has no hotel; a staff member has exactly one");
        }
    }

    public boolean mayManage(long hotel)
    {
        return role == Role.ADMIN || hotelId.orElse(-1) == hotel;
    }
}
