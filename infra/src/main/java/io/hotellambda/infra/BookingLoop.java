package io.hotellambda.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The quickstart's pass through the booking lifecycle, as a guest and the sandbox provider would
 * go through it over HTTP: one stay booked and paid, one declined, one paid and then cancelled
 * (refunded by the hotel's policy), one hold left to expire; then how many mails went out.
 * {@link #start} does all but the expiry, {@link #finish} waits for it (the quickstart's holds
 * last {@code HOTEL_LAMBDA_HOLD_TTL}, 2 minutes) while the view loop runs in between.
 */
final class BookingLoop
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String booking;
    private final String adminToken;
    private final Quickstart.Payments payments;
    private final IntSupplier mails;
    private final Consumer<String> out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String guest;
    private JsonNode expiring;

    BookingLoop(String booking, String adminToken, Quickstart.Payments payments, IntSupplier mails, Consumer<String> out)
    {
        this.booking = booking;
        this.adminToken = adminToken;
        this.payments = payments;
        this.mails = mails;
        this.out = out;
    }

    void start()
    {
        try {
            long hotel = SampleHotels.ids(booking, 1).get(0);
            LocalDate week = LocalDate.now(ZoneOffset.UTC).plusDays(7 + (int) (Instant.now().getEpochSecond() / 60 % 30));
            // availability, not the hotel's page: reading that would count a view the view loop does not expect
            long roomType = json(call("GET", booking + "/v1/hotels/%s/availability?check_in=%s&check_out=%s".formatted(hotel, week, week.plusDays(1)), null, null, 200))
                    .get("room_types").get(0).get("room_type_id").asLong();
            call("PUT", booking + "/v1/hotels/%s/booking-settings".formatted(hotel),
                    "{\"email\": \"front-desk@hotel-%s.example\", \"free_cancellation_days\": 2, \"cancellation_fee_basis\": \"first_night\", \"cancellation_fee_percent\": 100}"
                            .formatted(hotel), adminToken, 200);
            guest = json(call("POST", booking + "/v1/guests", "{\"email\": \"ada@guest.example\", \"name\": \"Ada\"}", null, 201)).get("token").asText();

            JsonNode paid = reserve(hotel, roomType, week, 2);
            String payment = pay(paid, "pm_card_visa");
            JsonNode confirmed = await(paid, "confirmed");
            out.accept("booked and paid: reservation %s, %s %s, payment %s, invoice %s".formatted(id(paid), confirmed.get("currency").asText(),
                    cents(confirmed.get("paid_cents").asLong()), payment, confirmed.get("invoice_number").asText()));

            JsonNode declined = reserve(hotel, roomType, week.plusDays(3), 1);
            pay(declined, "pm_card_chargeDeclined");
            await(declined, "payment_failed");
            out.accept("declined: reservation %s ended payment_failed; its night is free again".formatted(id(declined)));

            JsonNode cancelled = reserve(hotel, roomType, week.plusDays(5), 2);
            pay(cancelled, "pm_card_visa");
            await(cancelled, "confirmed");
            JsonNode refund = json(call("POST", booking + "/v1/reservations/%s/cancel".formatted(id(cancelled)), null, guest, 200));
            out.accept("paid, then cancelled by the guest a week ahead (free until 2 days before): refunded %s of %s".formatted(
                    cents(refund.get("refunded_cents").asLong()), cents(refund.get("paid_cents").asLong())));

            expiring = reserve(hotel, roomType, week.plusDays(8), 1);
            out.accept("held and not paid: reservation %s expires at %s".formatted(id(expiring), expiring.get("hold_expires_at").asText()));
        }
        catch (RuntimeException e) {
            out.accept("the booking loop stopped: " + e.getMessage() + " (the platform keeps running)");
        }
    }

    void finish()
    {
        if (expiring == null) {
            return;
        }
        try {
            Duration left = Duration.between(Instant.now(), Instant.parse(expiring.get("hold_expires_at").asText())).plusSeconds(30);
            await(expiring, "expired", left.isNegative() ? Duration.ofSeconds(30) : left);
            out.accept("expired: reservation %s, released by the sweeper".formatted(id(expiring)));
            // 9 events (4 holds, 2 confirmations, a decline, a cancellation, an expiry), each to the guest and the hotel
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (mails.getAsInt() < 18 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            out.accept("mails sent by the notifier: %s (expected 18 on a fresh platform); read them in var/mail/".formatted(mails.getAsInt()));
        }
        catch (RuntimeException e) {
            out.accept("the booking loop stopped: " + e.getMessage() + " (the platform keeps running)");
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode reserve(long hotel, long roomType, LocalDate checkIn, int nights)
    {
        return json(call("POST", booking + "/v1/reservations", "{\"hotel_id\": %s, \"room_type_id\": %s, \"check_in\": \"%s\", \"check_out\": \"%s\", \"rooms\": 1}"
                .formatted(hotel, roomType, checkIn, checkIn.plusDays(nights)), guest, 201));
    }

    /** Starts the payment at booking-app, then confirms it at the provider, as the checkout page's button would; the payment id. */
    private String pay(JsonNode reservation, String paymentMethod)
    {
        String payment = json(call("POST", booking + "/v1/reservations/%s/payments".formatted(id(reservation)), null, guest, 201)).get("payment_id").asText();
        call("POST", payments.url() + "/v1/payment_intents/%s/confirm".formatted(payment), "{\"payment_method\": \"%s\"}".formatted(paymentMethod), payments.apiKey(), 200);
        return payment;
    }

    private JsonNode await(JsonNode reservation, String status)
    {
        return await(reservation, status, Duration.ofSeconds(30));
    }

    private JsonNode await(JsonNode reservation, String status, Duration timeout)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode current = json(call("GET", booking + "/v1/reservations/" + id(reservation), null, guest, 200));
            if (current.get("status").asText().equals(status)) {
                return current;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("reservation %s is %s, not %s, after %s".formatted(id(reservation), current.get("status").asText(), status, timeout));
            }
            try {
                Thread.sleep(250);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private String call(String method, String uri, String body, String token, int expected)
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (method.equals("POST") && uri.startsWith(booking)) {
            request.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        return SampleHotels.send(http, request, expected);
    }

    private static String id(JsonNode reservation)
    {
        return reservation.get("reservation_id").asText();
    }

    private static String cents(long cents)
    {
        return "%d.%02d".formatted(cents / 100, cents % 100);
    }

    private static JsonNode json(String body)
    {
        try {
            return JSON.readTree(body);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
