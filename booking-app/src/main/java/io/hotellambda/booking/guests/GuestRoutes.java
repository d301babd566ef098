package io.hotellambda.booking.guests;

import io.hotellambda.http.JsonBodies;
import io.javalin.Javalin;
import io.javalin.http.Context;

/** {@code POST /v1/guests}: anyone may register as a guest; the answer holds the guest's token, once. */
public final class GuestRoutes
{
    private final GuestRepository guests;
    private final JsonBodies bodies;
    private final long maxRequestBytes;

    public GuestRoutes(GuestRepository guests, JsonBodies bodies, long maxRequestBytes)
    {
        this.guests = guests;
        this.bodies = bodies;
        this.maxRequestBytes = maxRequestBytes;
    }

    public void register(Javalin app)
    {
        app.post("/v1/guests", this::create);
    }

    private void create(Context ctx)
    {
        GuestRepository.RegisteredGuest guest = guests.register(bodies.read(ctx, GuestRequest.class, maxRequestBytes));
        ctx.status(201).header("Location", "/v1/guests/" + guest.guestId()).header("Cache-Control", "no-store").json(guest);
    }
}
