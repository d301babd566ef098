package io.hotellambda.booking;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Hotels, room types, guests and reservations through booking-app's API, for the reservation tests. */
public final class TestingReservations
{
    private final TestingBookingApp booking;

    public TestingReservations(TestingBookingApp booking)
    {
        this.booking = booking;
    }

    public long hotel(String name)
    {
        return booking.createHotel(name, "Haarlem", 3);
    }

    /** A room type of {@code quantity} rooms for two guests at {@code percent} overbooking, 100.00 a night. */
    public long roomType(long hotel, int quantity, int percent)
    {
        TestingBookingApp.Response created = booking.send("POST", "/v1/hotels/%s/room-types".formatted(hotel), """
                {"name": "Room %s", "capacity": 2, "quantity": %s, "price_min_cents": 5000, "price_max_cents": 50000,
                 "base_price_cents": 10000, "overbooking_percent": %s}
                """.formatted(UUID.randomUUID(), quantity, percent), Optional.of(booking.adminToken()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    public String guest()
    {
        TestingBookingApp.Response created = booking.send("POST", "/v1/guests", "{\"email\": \"guest@example.org\", \"name\": \"A Guest\"}", Optional.empty());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("token").asText();
    }

    public static String body(long hotel, long roomType, LocalDate checkIn, LocalDate checkOut, int rooms)
    {
        return "{\"hotel_id\": %s, \"room_type_id\": %s, \"check_in\": \"%s\", \"check_out\": \"%s\", \"rooms\": %s}".formatted(hotel, roomType, checkIn, checkOut, rooms);
    }

    public TestingBookingApp.Response reserve(String token, String key, String body)
    {
        return booking.send("POST", "/v1/reservations", body, Map.of("Authorization", "Bearer " + token, "Idempotency-Key", key));
    }

    public TestingBookingApp.Response reserve(String token, long hotel, long roomType, LocalDate checkIn, LocalDate checkOut, int rooms)
    {
        return reserve(token, UUID.randomUUID().toString(), body(hotel, roomType, checkIn, checkOut, rooms));
    }

    public TestingBookingApp.Response cancel(String token, String reservationId)
    {
        return booking.send("POST", "/v1/reservations/%s/cancel".formatted(reservationId), null,
                Map.of("Authorization", "Bearer " + token, "Idempotency-Key", UUID.randomUUID().toString()));
    }

    public TestingBookingApp.Response read(String token, String reservationId)
    {
        return booking.get("/v1/reservations/" + reservationId, Map.of("Authorization", "Bearer " + token));
    }

    /** Each night's {@code held} count of {@code [from, to)}, as staff read it. */
    public Map<LocalDate, Integer> held(long hotel, long roomType, LocalDate from, LocalDate to)
    {
        TestingBookingApp.Response nights = booking.get("/v1/hotels/%s/room-types/%s/inventory?from=%s&to=%s".formatted(hotel, roomType, from, to),
                Map.of("Authorization", "Bearer " + booking.adminToken()));
        assertThat(nights.status()).as(nights.toString()).isEqualTo(200);
        Map<LocalDate, Integer> held = new java.util.TreeMap<>();
        nights.json().get("nights").forEach(night -> held.put(LocalDate.parse(night.get("date").asText()), night.get("held").asInt()));
        return held;
    }

    /** One night's inventory row ({@code sold}, {@code held}, {@code overbook_cap}, ...), as staff read it. */
    public JsonNode night(long hotel, long roomType, LocalDate date)
    {
        TestingBookingApp.Response nights = booking.get("/v1/hotels/%s/room-types/%s/inventory?from=%s&to=%s".formatted(hotel, roomType, date, date.plusDays(1)),
                Map.of("Authorization", "Bearer " + booking.adminToken()));
        assertThat(nights.status()).as(nights.toString()).isEqualTo(200);
        return nights.json().get("nights").get(0);
    }

    /** Starts paying for a hold; the provider's payment (intent) id. */
    public String pay(String token, String reservationId)
    {
        TestingBookingApp.Response payment = booking.send("POST", "/v1/reservations/%s/payments".formatted(reservationId), null,
                Map.of("Authorization", "Bearer " + token, "Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(payment.status()).as(payment.toString()).isEqualTo(201);
        return payment.json().get("payment_id").asText();
    }

    /** Confirms the payment at the sandbox with a scenario: {@code {"outcome": "succeed", "deliveries": 2, ...}}. */
    public void confirmAtProvider(String paymentId, String scenario)
    {
        TestingBookingApp.Response confirmed = booking.sandbox("POST", "/v1/payment_intents/%s/confirm".formatted(paymentId), scenario);
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
    }

    /** The refunds the provider made for a payment, in minor units. */
    public List<Long> refundsAtProvider(String paymentId)
    {
        TestingBookingApp.Response refunds = booking.sandbox("GET", "/v1/payment_intents/%s/refunds".formatted(paymentId), null);
        assertThat(refunds.status()).as(refunds.toString()).isEqualTo(200);
        List<Long> amounts = new ArrayList<>();
        refunds.json().get("data").forEach(refund -> amounts.add(refund.get("amount").asLong()));
        return amounts;
    }

    public JsonNode awaitStatus(String token, String id, String status)
    {
        await(() -> read(token, id).json().get("status").asText().equals(status), "reservation " + id + " to be " + status);
        return read(token, id).json();
    }

    public static void await(Supplier<Boolean> condition, String what)
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
