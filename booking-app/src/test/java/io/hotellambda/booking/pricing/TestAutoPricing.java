package io.hotellambda.booking.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import io.hotellambda.booking.TestingBookingApp;
import io.hotellambda.booking.TestingReservations;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.Migrations;
import io.hotellambda.schemas.RoomPricesChanged;
import io.hotellambda.schemas.SupplyDemandTables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import static io.hotellambda.booking.TestingReservations.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Automatic pricing in a running booking-app: the nightly job's suggestions published to the
 * serving tables, applied to the room type that opted in and to no other, on the nights on sale
 * with a room left, within the room type's bounds as they are now, once per published day, each
 * change an event in the outbox; a hold made before keeps its price.
 */
@ExtendWith(TestingLocalStack.class)
class TestAutoPricing
{
    private static final EventCodec CODEC = new EventCodec();

    private TestingBookingApp booking;
    private TestingReservations reservations;

    @BeforeEach
    void start(LocalStack stack)
    {
        booking = new TestingBookingApp(stack);
        reservations = new TestingReservations(booking);
        Migrations.serving(booking.jdbcUrl(), "postgres", "");
    }

    @AfterEach
    void stop()
    {
        booking.close();
    }

    @Test
    void suggestionsAreAppliedToTheNightsOfOptedInRoomTypesThatHaveARoomLeftOncePerDay()
            throws Exception
    {
        long hotel = reservations.hotel("Priced Inn");
        long priced = roomType(hotel, true);
        long fixed = roomType(hotel, false);
        assertThat(booking.get("/v1/hotels/" + hotel, Map.of()).json().get("room_types").findValuesAsText("auto_pricing")).containsExactly("true", "false");
        for (String value : List.of("\"yes\"", "1", "null}, \"auto_pricing\": true")) {
            TestingBookingApp.Response bad = booking.send("POST", "/v1/hotels/%s/room-types".formatted(hotel), """
                    {"name": "Bad", "capacity": 2, "quantity": 2, "price_min_cents": 8000, "price_max_cents": 20000, "auto_pricing": %s}""".formatted(value),
                    Optional.of(booking.adminToken()));
            assertThat(bad.status()).as(value).isEqualTo(400);
            assertThat(bad.contentType()).as(value).startsWith("application/problem+json");
        }
        // the hotel's time zone is UTC: its today is the UTC date
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate open = today.plusDays(2);
        LocalDate soldOut = today.plusDays(3);
        LocalDate oneLeft = today.plusDays(4);
        LocalDate closed = today.plusDays(5);
        LocalDate aboveBounds = today.plusDays(6);

        String guest = reservations.guest();
        TestingBookingApp.Response full = reservations.reserve(guest, hotel, priced, soldOut, soldOut.plusDays(1), 2);
        assertThat(full.status()).as(full.toString()).isEqualTo(201);
        TestingBookingApp.Response hold = reservations.reserve(guest, hotel, priced, oneLeft, oneLeft.plusDays(1), 1);
        assertThat(hold.status()).as(hold.toString()).isEqualTo(201);
        TestingBookingApp.Response closing = booking.send("PUT", "/v1/hotels/%s/room-types/%s/inventory?from=%s&to=%s".formatted(hotel, priced, closed, closed.plusDays(1)),
                "{\"closed\": true}", Optional.of(booking.adminToken()));
        assertThat(closing.status()).as(closing.toString()).isEqualTo(200);

        // the bounds narrowed after the nightly snapshot: 20,000 is suggested, 15,000 is allowed now
        TestingBookingApp.Response narrowed = booking.send("PUT", "/v1/hotels/%s/room-types/%s".formatted(hotel, priced), """
                {"name": "Priced", "capacity": 2, "quantity": 2, "price_min_cents": 8000, "price_max_cents": 15000, "base_price_cents": 10000,
                 "overbooking_percent": 100, "auto_pricing": true}""", Optional.of(booking.adminToken()));
        assertThat(narrowed.status()).as(narrowed.toString()).isEqualTo(200);

        LocalDate asOf = today.minusDays(1);
        publish(asOf, List.of(line(hotel, priced, today.minusDays(1), 15_000), line(hotel, priced, open, 12_000), line(hotel, priced, soldOut, 13_000),
                line(hotel, priced, oneLeft, 11_000), line(hotel, priced, closed, 9_000), line(hotel, priced, aboveBounds, 20_000),
                line(hotel, fixed, open, 12_000)));
        await(() -> appliedDays().contains(asOf), "the day to be applied");

        assertThat(prices(hotel, priced, open, aboveBounds.plusDays(1))).containsExactly(
                Map.entry(open, 12_000L), Map.entry(soldOut, 10_000L), Map.entry(oneLeft, 11_000L),
                Map.entry(closed, 10_000L), Map.entry(aboveBounds, 15_000L));
        assertThat(prices(hotel, fixed, open, open.plusDays(1))).containsExactly(Map.entry(open, 10_000L));
        assertThat(events()).singleElement().satisfies(event -> {
            assertThat(event.hotelId()).isEqualTo(hotel);
            assertThat(event.roomTypeId()).isEqualTo(priced);
            assertThat(event.asOfDate()).isEqualTo(asOf);
            assertThat(event.model()).isEqualTo("occupancy-pace-v1");
            assertThat(event.currency()).isEqualTo("EUR");
            assertThat(event.nights()).containsExactly(new RoomPricesChanged.NightPrice(open, 10_000, 12_000),
                    new RoomPricesChanged.NightPrice(oneLeft, 10_000, 11_000), new RoomPricesChanged.NightPrice(aboveBounds, 10_000, 15_000));
        });
        // the hold made before keeps the price it was made at
        assertThat(reservations.read(guest, hold.json().get("reservation_id").asText()).json().get("total_cents").asLong()).isEqualTo(10_000);

        // applied once: staff set a price back, and the same day does not override it
        TestingBookingApp.Response reset = booking.send("PUT", "/v1/hotels/%s/room-types/%s/inventory?from=%s&to=%s".formatted(hotel, priced, open, open.plusDays(1)),
                "{\"price_cents\": 10000}", Optional.of(booking.adminToken()));
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        Thread.sleep(1_000);
        assertThat(prices(hotel, priced, open, open.plusDays(1))).containsExactly(Map.entry(open, 10_000L));
        assertThat(events()).hasSize(1);

        // the next day's suggestions are
        publish(today, List.of(line(hotel, priced, open, 12_500)));
        await(() -> appliedDays().contains(today), "the next day to be applied");
        assertThat(prices(hotel, priced, open, open.plusDays(1))).containsExactly(Map.entry(open, 12_500L));
        assertThat(events()).hasSize(2);
        assertThat(events().get(1).nights()).containsExactly(new RoomPricesChanged.NightPrice(open, 10_000, 12_500));
    }

    private long roomType(long hotel, boolean autoPricing)
    {
        TestingBookingApp.Response created = booking.send("POST", "/v1/hotels/%s/room-types".formatted(hotel), """
                {"name": "Room %s", "capacity": 2, "quantity": 2, "price_min_cents": 8000, "price_max_cents": 20000, "base_price_cents": 10000,
                 "overbooking_percent": 100, "auto_pricing": %s}""".formatted(UUID.randomUUID(), autoPricing), Optional.of(booking.adminToken()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("auto_pricing").asBoolean()).isEqualTo(autoPricing);
        return created.json().get("id").asLong();
    }

    private Map<LocalDate, Long> prices(long hotel, long roomType, LocalDate from, LocalDate to)
    {
        TestingBookingApp.Response nights = booking.get("/v1/hotels/%s/room-types/%s/inventory?from=%s&to=%s".formatted(hotel, roomType, from, to),
                Map.of("Authorization", "Bearer " + booking.adminToken()));
        assertThat(nights.status()).as(nights.toString()).isEqualTo(200);
        Map<LocalDate, Long> prices = new TreeMap<>();
        for (JsonNode night : nights.json().get("nights")) {
            prices.put(LocalDate.parse(night.get("date").asText()), night.get("price_cents").asLong());
        }
        return prices;
    }

    /** A supply and demand day as the nightly job publishes it. */
    private void publish(LocalDate asOf, List<String> lines)
            throws Exception
    {
        try (Connection db = database()) {
            SupplyDemandTables.begin(db, asOf);
            SupplyDemandTables.copy(db, asOf, lines);
            SupplyDemandTables.publish(db, asOf);
        }
    }

    private static String line(long hotel, long roomType, LocalDate night, long suggested)
    {
        return "%d,%d,%s,haarlem,EUR,2,2,false,0,0,0,0,0,0,0,0,,,,,10000,8000,20000,10000,1,0.0,0.0,0.0,1.0,%d,occupancy-pace-v1".formatted(hotel, roomType, night, suggested);
    }

    private List<LocalDate> appliedDays()
    {
        try (Connection db = database(); ResultSet rows = db.createStatement().executeQuery("SELECT as_of_date FROM auto_pricing_days ORDER BY as_of_date")) {
            List<LocalDate> days = new ArrayList<>();
            while (rows.next()) {
                days.add(rows.getObject(1, LocalDate.class));
            }
            return days;
        }
        catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<RoomPricesChanged> events()
            throws Exception
    {
        List<RoomPricesChanged> events = new ArrayList<>();
        try (Connection db = database();
                PreparedStatement select = db.prepareStatement("SELECT payload FROM booking_outbox WHERE event_type = 'room_prices_changed' ORDER BY id");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                events.add((RoomPricesChanged) CODEC.decode(CODEC.received(rows.getBytes(1), Instant.now())));
            }
        }
        return events;
    }

    private Connection database()
            throws java.sql.SQLException
    {
        return DriverManager.getConnection(booking.jdbcUrl(), "postgres", "");
    }
}
