package io.hotellambda.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.hotellambda.booking.BookingApp;
import io.hotellambda.booking.BookingAppConfig;
import io.hotellambda.config.Settings;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.Ports;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.sandbox.SandboxConfig;
import io.hotellambda.sandbox.SandboxServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path of a paid booking's mail: booking-app holds the rooms, the sandbox provider takes
 * the payment and signs its webhook, booking-app confirms, the outbox publishes, the notifier
 * mails: exactly one confirmation to the guest and one to the hotel, with the invoice number.
 */
@ExtendWith(TestingLocalStack.class)
class TestBookingMail
{
    private static final String API_KEY = "sk_sandbox_mail_" + UUID.randomUUID();
    private static final String SECRET = "whsec_mail_" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aPaidBookingMailsOneConfirmationToTheGuestAndOneToTheHotel(LocalStack stack)
            throws Exception
    {
        String database = "booking_mail_" + ProcessHandle.current().pid();
        stack.postgres().createDatabase(database);
        String admin = "admin-" + UUID.randomUUID();
        int bookingPort = Ports.freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(Ports.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        NotifierConfig notifierConfig = NotifierConfig.load(Settings.of(NotifierConfig.ENV_PREFIX, Map.of("kafka.bootstrap.servers", stack.kafka().bootstrapServers(),
                "group.id", "mail-" + UUID.randomUUID(), "db.url", stack.postgres().jdbcUrl(database), "smtp.port", Integer.toString(smtp.getSmtp().getPort()))));
        try (SandboxServer sandbox = SandboxServer.start(new SandboxConfig("127.0.0.1", 0, API_KEY, URI.create("http://127.0.0.1:%s/v1/payments/webhooks".formatted(bookingPort)),
                SECRET, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMinutes(5)), Clock.systemUTC());
                BookingApp booking = BookingApp.start(BookingAppConfig.load(Settings.of(BookingAppConfig.ENV_PREFIX, Map.of("http.port", Integer.toString(bookingPort),
                        "db.url", stack.postgres().jdbcUrl(database), "kafka.bootstrap.servers", stack.kafka().bootstrapServers(), "admin.token", admin,
                        "payments.url", "http://127.0.0.1:" + sandbox.port(), "payments.api.key", API_KEY, "payments.webhook.secret", SECRET))));
                KafkaConsumer<String, byte[]> consumer = Main.consumer(notifierConfig);
                KafkaProducer<String, byte[]> deadLetters = Main.deadLetterProducer(notifierConfig)) {
            Notifier notifier = new Notifier(notifierConfig, consumer, deadLetters, Clock.systemUTC(), new SimpleMeterRegistry());
            Thread thread = new Thread(notifier::run, "notifier-under-test");
            thread.start();
            try {
                String base = "http://127.0.0.1:" + bookingPort;
                long hotel = call("POST", base + "/v1/hotels", "{\"name\": \"Mail Path Inn\", \"city\": \"Delft\", \"country\": \"NL\", \"address\": \"Markt 1\", \"star_rating\": 4}",
                        admin, 201).get("id").asLong();
                long roomType = call("POST", base + "/v1/hotels/%s/room-types".formatted(hotel),
                        "{\"name\": \"Double\", \"capacity\": 2, \"quantity\": 3, \"price_min_cents\": 5000, \"price_max_cents\": 50000, \"base_price_cents\": 12000}", admin, 201)
                        .get("id").asLong();
                call("PUT", base + "/v1/hotels/%s/booking-settings".formatted(hotel), "{\"email\": \"desk@mail-path.example\"}", admin, 200);
                String guest = call("POST", base + "/v1/guests", "{\"email\": \"ada@mail-path.example\", \"name\": \"Ada\"}", null, 201).get("token").asText();
                LocalDate checkIn = LocalDate.now(ZoneOffset.UTC).plusDays(10);
                String id = call("POST", base + "/v1/reservations", "{\"hotel_id\": %s, \"room_type_id\": %s, \"check_in\": \"%s\", \"check_out\": \"%s\", \"rooms\": 1}"
                        .formatted(hotel, roomType, checkIn, checkIn.plusDays(2)), guest, 201).get("reservation_id").asText();
                String payment = call("POST", base + "/v1/reservations/%s/payments".formatted(id), null, guest, 201).get("payment_id").asText();
                call("POST", "http://127.0.0.1:%s/v1/payment_intents/%s/confirm".formatted(sandbox.port(), payment), "{\"payment_method\": \"pm_card_visa\"}", API_KEY, 200);

                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (smtp.getReceivedMessages().length < 4 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(1500);
                JsonNode reservation = call("GET", base + "/v1/reservations/" + id, null, guest, 200);
                assertThat(reservation.get("status").asText()).isEqualTo("confirmed");
                List<String> confirmations = List.of(smtp.getReceivedMessages()).stream()
                        .filter(mail -> subject(mail).contains("confirmation")).map(TestBookingMail::recipient).sorted().toList();
                assertThat(confirmations).containsExactly("ada@mail-path.example", "desk@mail-path.example");
                assertThat(smtp.getReceivedMessages()).hasSize(4);
                assertThat(List.of(smtp.getReceivedMessages()).stream().filter(mail -> subject(mail).contains("confirmation")).map(TestBookingMail::body))
                        .allSatisfy(body -> assertThat(body).contains(reservation.get("invoice_number").asText()).contains("EUR 240.00"));
            }
            finally {
                notifier.stop();
                thread.join(30_000);
                notifier.close();
            }
        }
        finally {
            smtp.stop();
        }
    }

    private JsonNode call(String method, String uri, String body, String token, int expected)
            throws Exception
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Idempotency-Key", UUID.randomUUID().toString());
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, uri, response.body()).isEqualTo(expected);
        return json.readTree(response.body());
    }

    private static String subject(MimeMessage mail)
    {
        try {
            return mail.getSubject();
        }
        catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String recipient(MimeMessage mail)
    {
        try {
            return mail.getAllRecipients()[0].toString();
        }
        catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(MimeMessage mail)
    {
        try {
            return mail.getContent().toString();
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
