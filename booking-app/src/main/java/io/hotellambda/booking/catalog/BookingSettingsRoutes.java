package io.hotellambda.booking.catalog;

import io.hotellambda.booking.Transactions;
import io.hotellambda.booking.auth.Authenticator;
import io.hotellambda.http.JsonBodies;
import io.hotellambda.schemas.DomainException;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.Clock;

/** {@code GET/PUT /v1/hotels/{id}/booking-settings} (the hotel's staff): its e-mail for booking news and its cancellation policy. */
public final class BookingSettingsRoutes
{
    private final Transactions transactions;
    private final BookingSettingsRepository settings;
    private final HotelRepository hotels;
    private final Authenticator authenticator;
    private final JsonBodies bodies;
    private final Clock clock;
    private final long maxRequestBytes;

    public BookingSettingsRoutes(Transactions transactions, BookingSettingsRepository settings, HotelRepository hotels, Authenticator authenticator, JsonBodies bodies,
            Clock clock, long maxRequestBytes)
    {
        this.transactions = transactions;
        this.settings = settings;
        this.hotels = hotels;
        this.authenticator = authenticator;
        this.bodies = bodies;
        this.clock = clock;
        this.maxRequestBytes = maxRequestBytes;
    }

    public void register(Javalin app)
    {
        app.get("/v1/hotels/{id}/booking-settings", this::read);
        app.put("/v1/hotels/{id}/booking-settings", this::replace);
    }

    private void read(Context ctx)
    {
        long hotelId = existingHotel(ctx);
        BookingSettings current = transactions.run("read booking settings", connection -> settings.find(connection, hotelId));
        bodies.write(ctx, current);
    }

    private void replace(Context ctx)
    {
        long hotelId = existingHotel(ctx);
        BookingSettings replacement = bodies.read(ctx, BookingSettings.class, maxRequestBytes);
        transactions.run("save booking settings", connection -> {
            settings.save(connection, hotelId, replacement, clock.instant());
            return null;
        });
        bodies.write(ctx, replacement);
    }

    private long existingHotel(Context ctx)
    {
        long hotelId = HotelRoutes.pathId(ctx, "id");
        authenticator.requireManager(ctx, hotelId);
        if (hotels.find(hotelId).isEmpty()) {
            throw DomainException.notFound("Hotel[%s] not found".formatted(hotelId));
        }
        return hotelId;
    }
}
