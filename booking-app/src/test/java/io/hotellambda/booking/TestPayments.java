package io.hotellambda.booking;

import com.fasterxml.jackson.databind.JsonNode;
import io.hotellambda.http.WebhookSignatures;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.TestingClock;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.sandbox.SandboxServer;
import io.hotellambda.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.hotellambda.booking.TestReservations.START;
import static io.hotellambda.booking.TestReservations.TODAY;
import static io.hotellambda.booking.TestViewIngestion.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Payments against the sandbox provider over HTTP: its webhooks, signed, sometimes twice, out of
 * order or late, decide a hold's end; a forged, stale or altered delivery changes nothing; the
 * cap is never exceeded; cancellations refund what the hotel's policy says.
 */
@ExtendWith(TestingLocalStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestPayments
{
    private final TestingClock clock = new TestingClock(START);
    private TestingBookingApp booking;
    private TestingReservations api;
    private TestingKafkaReader events;

    @BeforeAll
    void start(LocalStack stack)
    {
        booking = new TestingBookingApp(stack, clock, Duration.ofMillis(50));
        api = new TestingReservations(booking);
        events = new TestingKafkaReader(stack, Topics.BOOKING_EVENTS);
    }

    @AfterAll
    void stop()
    {
        events.close();
        booking.close();
    }

    @Test
    void aPaidHoldIsConfirmedSoldAndInvoicedOnce()
    {
        Map<TopicPartition, Long> mark = events.mark();
        Stay stay = stay("Paid Inn", 2, 100, 5);
        String key = UUID.randomUUID().toString();
        TestingBookingApp.Response first = payWithKey(stay, key);
        String payment = first.json().get("payment_id").asText();
        // the same call again (a new key) finds the same intent: one payment per reservation
        assertThat(api.pay(stay.guest(), stay.id())).isEqualTo(payment);

        api.confirmAtProvider(payment, "{\"payment_method\": \"pm_card_visa\"}");

        JsonNode confirmed = api.awaitStatus(stay.guest(), stay.id(), "confirmed");
        // a retry with the first key, after the hold was confirmed, replays the first answer
        TestingBookingApp.Response retry = payWithKey(stay, key);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertProblem(payWithKey(stay, UUID.randomUUID().toString()), 409, "only a live hold can be paid");
        assertThat(confirmed.get("invoice_number").asText()).matches("INV-\\d{4}-\\d{8}");
        assertThat(confirmed.get("paid_cents").asLong()).isEqualTo(confirmed.get("total_cents").asLong());
        JsonNode night = api.night(stay.hotel(), stay.roomType(), stay.checkIn());
        assertThat(night.get("sold").asInt()).isEqualTo(1);
        assertThat(night.get("held").asInt()).isZero();
        assertThat(types(eventsOf(mark, stay.id(), 2))).containsExactly("reservation_created", "reservation_confirmed");
        // the provider's own metrics: its requests by route and the webhooks it delivered
        TestingBookingApp.Response metrics = booking.sandbox("GET", "/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).containsPattern("(?m)^http_server_requests_seconds_count\\{method=\"POST\",status=\"200\",uri=\"/v1/payment_intents/\\{id\\}/confirm\"\\} [1-9]")
                .containsPattern("(?m)^sandbox_webhooks_delivered_total [1-9]");
    }

    @Test
    void aDeclineFreesTheNightsAndNoAnswerEndsWhenTheHoldDoes()
    {
        Stay declined = stay("Declined Inn", 1, 100, 6);
        api.confirmAtProvider(api.pay(declined.guest(), declined.id()), "{\"payment_method\": \"pm_card_chargeDeclined\"}");
        api.awaitStatus(declined.guest(), declined.id(), "payment_failed");
        assertThat(api.night(declined.hotel(), declined.roomType(), declined.checkIn()).get("held").asInt()).isZero();
        // the room is free again: another guest can hold it
        assertThat(api.reserve(api.guest(), declined.hotel(), declined.roomType(), declined.checkIn(), declined.checkIn().plusDays(1), 1).status()).isEqualTo(201);

        Stay silent = stay("Silent Inn", 1, 100, 7);
        api.confirmAtProvider(api.pay(silent.guest(), silent.id()), "{\"outcome\": \"no_answer\"}");
        clock.advance(Duration.ofMinutes(11));
        api.awaitStatus(silent.guest(), silent.id(), "expired");
        assertThat(api.night(silent.hotel(), silent.roomType(), silent.checkIn()).get("held").asInt()).isZero();
    }

    @Test
    void aLateSuccessReacquiresFreeNightsOrIsRefundedWhenTheyAreGone()
    {
        Stay lucky = stay("Late Lucky Inn", 1, 100, 8);
        String luckyPayment = api.pay(lucky.guest(), lucky.id());
        Stay unlucky = stay("Late Unlucky Inn", 1, 100, 9);
        String unluckyPayment = api.pay(unlucky.guest(), unlucky.id());
        clock.advance(Duration.ofMinutes(11));
        api.awaitStatus(lucky.guest(), lucky.id(), "expired");
        api.awaitStatus(unlucky.guest(), unlucky.id(), "expired");
        // someone else takes the unlucky stay's only room
        assertThat(api.reserve(api.guest(), unlucky.hotel(), unlucky.roomType(), unlucky.checkIn(), unlucky.checkIn().plusDays(1), 1).status()).isEqualTo(201);

        api.confirmAtProvider(luckyPayment, "{\"payment_method\": \"pm_card_visa\"}");
        api.confirmAtProvider(unluckyPayment, "{\"payment_method\": \"pm_card_visa\"}");

        api.awaitStatus(lucky.guest(), lucky.id(), "confirmed");
        assertThat(api.night(lucky.hotel(), lucky.roomType(), lucky.checkIn()).get("sold").asInt()).isEqualTo(1);
        JsonNode refunded = api.awaitStatus(unlucky.guest(), unlucky.id(), "refunded");
        TestingReservations.await(() -> api.refundsAtProvider(unluckyPayment).equals(List.of(refunded.get("total_cents").asLong())), "the refund at the provider");
        assertThat(refunded.get("refunded_cents").asLong()).isEqualTo(refunded.get("total_cents").asLong());
        JsonNode night = api.night(unlucky.hotel(), unlucky.roomType(), unlucky.checkIn());
        assertThat(night.get("sold").asInt() + night.get("held").asInt()).isEqualTo(1).isLessThanOrEqualTo(night.get("overbook_cap").asInt());
    }

    @Test
    void duplicateAndOutOfOrderWebhooksChangeNothingTwice()
    {
        Map<TopicPartition, Long> mark = events.mark();
        Stay stay = stay("Echo Inn", 3, 100, 10);
        String payment = api.pay(stay.guest(), stay.id());

        long deliveredBefore = webhooksDelivered();
        // a declined first attempt, then the success; each delivered twice, the failure last
        api.confirmAtProvider(payment, "{\"outcome\": \"succeed\", \"deliveries\": 2, \"out_of_order\": true}");

        api.awaitStatus(stay.guest(), stay.id(), "confirmed");
        // both events handled once each, the late failure ignored; the duplicates were answered "duplicate" and left no row
        TestingReservations.await(() -> webhookOutcomes(payment).size() == 2, "both events");
        assertThat(webhookOutcomes(payment)).containsExactlyInAnyOrder("confirmed", "ignored_after_success");
        TestingReservations.await(() -> webhooksDelivered() - deliveredBefore >= 4, "all four deliveries, each answered 2xx");
        assertThat(api.read(stay.guest(), stay.id()).json().get("status").asText()).isEqualTo("confirmed");
        assertThat(api.night(stay.hotel(), stay.roomType(), stay.checkIn()).get("sold").asInt()).isEqualTo(1);
        assertThat(types(eventsOf(mark, stay.id(), 2))).containsExactly("reservation_created", "reservation_confirmed");
    }

    @Test
    void webhooksAreRetriedWithBackoffWhileBookingAppIsDown()
    {
        Stay stay = stay("Patient Inn", 1, 100, 12);
        String payment = api.pay(stay.guest(), stay.id());
        long failedBefore = booking.sandbox("GET", "/health", null).json().get("webhook_failed_attempts").asLong();

        booking.stop();
        api.confirmAtProvider(payment, "{\"payment_method\": \"pm_card_visa\"}");
        TestingReservations.await(() -> booking.sandbox("GET", "/health", null).json().get("webhook_failed_attempts").asLong() - failedBefore >= 3,
                "three failed attempts while booking-app is down");
        booking.restart();

        api.awaitStatus(stay.guest(), stay.id(), "confirmed");
        assertThat(api.night(stay.hotel(), stay.roomType(), stay.checkIn()).get("sold").asInt()).isEqualTo(1);
    }

    @Test
    void forgedStaleAndAlteredWebhooksAreRefusedAndChangeNothing()
    {
        Stay stay = stay("Forgery Inn", 1, 100, 11);
        String payment = api.pay(stay.guest(), stay.id());
        byte[] body = """
                {"id": "evt_forged", "object": "event", "type": "payment_intent.succeeded", "created": %s,
                 "data": {"object": {"id": "%s", "amount": 10000, "currency": "eur", "status": "succeeded"}}}
                """.formatted(clock.instant().getEpochSecond(), payment).getBytes(StandardCharsets.UTF_8);

        assertRefused(body, WebhookSignatures.header("whsec_not_the_secret_at_all", clock.instant(), body), "no v1 signature matches");
        assertRefused(body, WebhookSignatures.header(TestingBookingApp.WEBHOOK_SECRET, clock.instant().minusSeconds(301), body), "more than 300 s");
        String signed = WebhookSignatures.header(TestingBookingApp.WEBHOOK_SECRET, clock.instant(), body);
        byte[] altered = new String(body, StandardCharsets.UTF_8).replace("10000", "1").getBytes(StandardCharsets.UTF_8);
        assertRefused(altered, signed, "no v1 signature matches");
        assertRefused(body, null, "missing");
        assertRefused(body, "t=abc,v1=00", "not a number");
        // timestamps past what an Instant holds were a 500 (an overflow before the check)
        assertRefused(body, "t=%s,v1=00".formatted(Long.MAX_VALUE), "more than 300 s");
        assertRefused(body, "t=%s,v1=00".formatted(Long.MIN_VALUE), "more than 300 s");

        assertThat(api.read(stay.guest(), stay.id()).json().get("status").asText()).isEqualTo("held");
        assertThat(api.night(stay.hotel(), stay.roomType(), stay.checkIn()).get("sold").asInt()).isZero();
        // the genuine delivery of the same body goes through, once
        assertThat(webhook(body, signed).json().get("outcome").asText()).isEqualTo("confirmed");
        assertThat(webhook(body, signed).json().get("outcome").asText()).isEqualTo("duplicate");
        assertThat(api.read(stay.guest(), stay.id()).json().get("status").asText()).isEqualTo("confirmed");
    }

    @Test
    void cancellationRefundsWhatThePolicySays()
    {
        long hotel = api.hotel("Policy Inn");
        long roomType = api.roomType(hotel, 5, 100);
        TestingBookingApp.Response policy = booking.send("PUT", "/v1/hotels/%s/booking-settings".formatted(hotel), """
                {"email": "desk@policy-inn.example", "free_cancellation_days": 3, "cancellation_fee_basis": "first_night", "cancellation_fee_percent": 50}
                """, Optional.of(booking.adminToken()));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(200);

        // inside the free window: everything back
        Stay early = paid(hotel, roomType, TODAY.plusDays(10), 2);
        JsonNode free = api.cancel(early.guest(), early.id()).json();
        assertThat(free.get("status").asText()).isEqualTo("cancelled");
        assertThat(free.get("refunded_cents").asLong()).isEqualTo(20_000);
        TestingReservations.await(() -> api.refundsAtProvider(early.payment()).equals(List.of(20_000L)), "the full refund");

        // two days before check-in: half of the first night is kept
        Stay late = paid(hotel, roomType, TODAY.plusDays(2), 2);
        JsonNode charged = api.cancel(late.guest(), late.id()).json();
        assertThat(charged.get("refunded_cents").asLong()).isEqualTo(20_000 - 5_000);
        TestingReservations.await(() -> api.refundsAtProvider(late.payment()).equals(List.of(15_000L)), "the refund less the fee");
        assertThat(api.night(hotel, roomType, TODAY.plusDays(2)).get("sold").asInt()).isZero();

        // the hotel's staff cancelling refunds in full, whatever the policy
        Stay hotelSide = paid(hotel, roomType, TODAY.plusDays(1), 1);
        assertThat(api.cancel(booking.adminToken(), hotelSide.id()).json().get("refunded_cents").asLong()).isEqualTo(10_000);
        assertProblem(api.cancel(hotelSide.guest(), hotelSide.id()), 409, "is cancelled");
    }

    private TestingBookingApp.Response payWithKey(Stay stay, String key)
    {
        return booking.send("POST", "/v1/reservations/%s/payments".formatted(stay.id()), null, Map.of("Authorization", "Bearer " + stay.guest(), "Idempotency-Key", key));
    }

    private Stay paid(long hotel, long roomType, LocalDate checkIn, int nights)
    {
        String guest = api.guest();
        String id = api.reserve(guest, hotel, roomType, checkIn, checkIn.plusDays(nights), 1).json().get("reservation_id").asText();
        String payment = api.pay(guest, id);
        api.confirmAtProvider(payment, "{\"payment_method\": \"pm_card_visa\"}");
        api.awaitStatus(guest, id, "confirmed");
        return new Stay(guest, hotel, roomType, checkIn, id, payment);
    }

    private record Stay(String guest, long hotel, long roomType, LocalDate checkIn, String id, String payment) {}

    /** A one-night hold of one room on a new room type of {@code quantity} rooms, {@code daysAhead} days from today. */
    private Stay stay(String hotelName, int quantity, int percent, int daysAhead)
    {
        String guest = api.guest();
        long hotel = api.hotel(hotelName);
        long roomType = api.roomType(hotel, quantity, percent);
        LocalDate checkIn = TODAY.plusDays(daysAhead);
        String id = api.reserve(guest, hotel, roomType, checkIn, checkIn.plusDays(1), 1).json().get("reservation_id").asText();
        return new Stay(guest, hotel, roomType, checkIn, id, null);
    }

    private void assertRefused(byte[] body, String signature, String message)
    {
        TestingBookingApp.Response response = webhook(body, signature);
        assertProblem(response, 400, message);
    }

    private TestingBookingApp.Response webhook(byte[] body, String signature)
    {
        Map<String, String> headers = signature == null ? Map.of() : Map.of(SandboxServer.SIGNATURE_HEADER, signature);
        return booking.send("POST", "/v1/payments/webhooks", new String(body, StandardCharsets.UTF_8), headers);
    }

    private List<String> webhookOutcomes(String payment)
    {
        try (Connection connection = DriverManager.getConnection(booking.jdbcUrl(), "postgres", "");
                PreparedStatement statement = connection.prepareStatement("SELECT outcome FROM payment_webhook_events WHERE intent_id = ? ORDER BY received_at")) {
            statement.setString(1, payment);
            List<String> outcomes = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    outcomes.add(result.getString(1));
                }
            }
            return outcomes;
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long webhooksDelivered()
    {
        return booking.sandbox("GET", "/health", null).json().get("webhooks_delivered").asLong();
    }

    private List<JsonNode> eventsOf(Map<TopicPartition, Long> mark, String reservation, int expected)
    {
        List<ConsumerRecord<String, byte[]>> records = events.readUntil(mark, read -> TestingKafkaReader.eventsOf(read, reservation).size() >= expected, Duration.ofSeconds(30));
        return TestingKafkaReader.eventsOf(records, reservation);
    }

    private static List<String> types(List<JsonNode> events)
    {
        return events.stream().map(event -> event.get("type").asText()).toList();
    }

}
