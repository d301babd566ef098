package io.hotellambda.benchmarks;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.hotellambda.benchmarks.ReservationBenchmark.Api;
import io.hotellambda.benchmarks.ReservationBenchmark.Result;
import io.hotellambda.benchmarks.ReservationBenchmark.Workload;
import io.hotellambda.booking.BookingApp;
import io.hotellambda.booking.BookingAppConfig;
import io.hotellambda.config.Settings;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.LocalStackConfig;
import io.hotellambda.infra.Ports;
import io.hotellambda.notifier.Mail;
import io.hotellambda.notifier.Main;
import io.hotellambda.notifier.Notifier;
import io.hotellambda.notifier.NotifierConfig;
import io.hotellambda.notifier.SmtpSender;
import io.hotellambda.sandbox.SandboxConfig;
import io.hotellambda.sandbox.SandboxServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code bin/bench payments}: the confirm path through the real pieces (reserve, pay at
 * booking-app, confirm at the sandbox provider, its signed webhook, the reservation seen
 * {@code confirmed}) with 32 concurrent guests, beside issue 16's hold-then-cancel in the same
 * run, rounds alternating; then the notifier's mails/s against a bare SMTP send loop (one
 * connection, the same server) sending as many mails.
 */
public final class PaymentBenchmark
{
    private static final String API_KEY = "sk_sandbox_bench_" + UUID.randomUUID();
    private static final String WEBHOOK_SECRET = "whsec_bench_" + UUID.randomUUID();

    private PaymentBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        int rounds = BenchmarkSupport.argument(args, "--rounds", 3);
        Duration measure = Duration.ofSeconds(BenchmarkSupport.argument(args, "--seconds", 10));
        int clients = BenchmarkSupport.argument(args, "--clients", 32);
        int roomTypeCount = BenchmarkSupport.argument(args, "--room-types", 1000);
        int mailEvents = BenchmarkSupport.argument(args, "--mail-events", 1000);

        Path directory = Files.createTempDirectory("hotel-lambda-bench-");
        GreenMail smtp = new GreenMail(new ServerSetup(Ports.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try (LocalStack stack = LocalStack.start(LocalStackConfig.forTests(directory, Path.of("var", "cache").toAbsolutePath()))) {
            stack.postgres().createDatabase("bench");
            String adminToken = "bench-admin-" + UUID.randomUUID();
            String jdbcUrl = stack.postgres().jdbcUrl("bench");
            int bookingPort = Ports.freePort();
            try (SandboxServer sandbox = SandboxServer.start(new SandboxConfig("127.0.0.1", 0, API_KEY, URI.create("http://127.0.0.1:%s/v1/payments/webhooks".formatted(bookingPort)),
                    WEBHOOK_SECRET, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMinutes(10)), Clock.systemUTC());
                    BookingApp app = BookingApp.start(BookingAppConfig.load(Settings.of(BookingAppConfig.ENV_PREFIX, Map.of(
                            "http.port", Integer.toString(bookingPort), "db.url", jdbcUrl, "kafka.bootstrap.servers", stack.kafka().bootstrapServers(),
                            "admin.token", adminToken, "inventory.horizon.days", "90", "db.pool.size", "32",
                            "payments.url", "http://127.0.0.1:" + sandbox.port(), "payments.api.key", API_KEY, "payments.webhook.secret", WEBHOOK_SECRET))))) {
                Api api = new Api(app.port(), adminToken);
                long hotel = BenchmarkSupport.createHotels(app.port(), adminToken, 1).get(0);
                api.put("/v1/hotels/%s/booking-settings".formatted(hotel), "{\"email\": \"desk@bench-hotel.example\"}");
                List<Long> roomTypes = new ArrayList<>();
                for (int i = 0; i < roomTypeCount; i++) {
                    roomTypes.add(api.roomType(hotel, 1000));
                }
                List<String> guests = new ArrayList<>();
                List<LoopbackHttpConnection> bookingConnections = new ArrayList<>();
                List<LoopbackHttpConnection> sandboxConnections = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    guests.add(api.guest()[0]);
                    bookingConnections.add(new LoopbackHttpConnection(app.port()));
                    sandboxConnections.add(new LoopbackHttpConnection(sandbox.port()));
                }
                System.out.printf("hotel-lambda payments benchmark, %s, %s cores, %s clients, %s room types, %s rounds x %ss%n",
                        LocalDate.now(), Runtime.getRuntime().availableProcessors(), clients, roomTypeCount, rounds, measure.toSeconds());

                mails(api, bookingConnections.get(0), guests.get(0), hotel, roomTypes, mailEvents, rounds, stack, jdbcUrl, smtp);

                Workload confirm = (client, random) -> {
                    long roomType = roomTypes.get(random.nextInt(roomTypes.size()));
                    LocalDate checkIn = LocalDate.now(ZoneOffset.UTC).plusDays(1 + random.nextInt(60));
                    LoopbackHttpConnection booking = bookingConnections.get(client);
                    String guest = guests.get(client);
                    String id = api.reserve(booking, guest, hotel, roomType, checkIn, checkIn.plusDays(1 + random.nextInt(3)));
                    String payment = Api.call(booking, "/v1/reservations/%s/payments".formatted(id), null, guest, 201).get("payment_id").asText();
                    LoopbackHttpConnection.Response confirmed = sandboxConnections.get(client).post("/v1/payment_intents/%s/confirm".formatted(payment),
                            "{\"payment_method\": \"pm_card_visa\"}", Map.of("Authorization", "Bearer " + API_KEY));
                    if (confirmed.status() != 200) {
                        throw new IllegalStateException("confirm answered " + confirmed);
                    }
                    awaitConfirmed(booking, guest, id);
                };
                Workload holdThenCancel = ReservationBenchmark.holdThenCancel(api, bookingConnections, guests, hotel, roomTypes);
                ReservationBenchmark.run("warm-up confirm path", confirm, clients, Duration.ofSeconds(5), 1, "bookings/s,");
                ReservationBenchmark.run("warm-up hold-then-cancel", holdThenCancel, clients, Duration.ofSeconds(5), 1, "loops/s,");
                List<Result> confirms = new ArrayList<>();
                List<Result> cancels = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    confirms.add(ReservationBenchmark.run("confirm path (reserve, pay, webhook)", confirm, clients, measure, 1, "bookings/s,"));
                    cancels.add(ReservationBenchmark.run("hold-then-cancel", holdThenCancel, clients, measure, 1, "loops/s,"));
                }
                System.out.printf("%nmedian: confirm path %.0f bookings/s (p50 %.1f ms, p99 %.1f ms); hold-then-cancel %.0f loops/s (p50 %.1f ms, p99 %.1f ms); confirm / hold-then-cancel = %.2f%n",
                        ReservationBenchmark.median(confirms), ReservationBenchmark.median(confirms, Result::p50Millis), ReservationBenchmark.median(confirms, Result::p99Millis),
                        ReservationBenchmark.median(cancels), ReservationBenchmark.median(cancels, Result::p50Millis), ReservationBenchmark.median(cancels, Result::p99Millis),
                        ReservationBenchmark.median(confirms) / ReservationBenchmark.median(cancels));
                for (LoopbackHttpConnection connection : bookingConnections) {
                    connection.close();
                }
                for (LoopbackHttpConnection connection : sandboxConnections) {
                    connection.close();
                }
            }
        }
        finally {
            smtp.stop();
            BenchmarkSupport.deleteRecursively(directory);
        }
    }

    /**
     * A warm-up round, then {@code rounds}: each makes {@code events} holds (each a
     * {@code reservation_created}: a mail to the guest and one to the hotel) and waits for the
     * outbox to publish them, times a bare loop sending as many mails over one SMTP connection,
     * then starts the notifier (the same consumer group, so it picks up where the last round
     * committed) and times its mails from the first to the last. The consumer's start (joining
     * its group, the first fetch) is reported apart.
     */
    private static void mails(Api api, LoopbackHttpConnection connection, String guest, long hotel, List<Long> roomTypes, int events, int rounds, LocalStack stack,
            String jdbcUrl, GreenMail smtp)
            throws Exception
    {
        int port = smtp.getSmtp().getPort();
        NotifierConfig config = NotifierConfig.load(Settings.of(NotifierConfig.ENV_PREFIX, Map.of(
                "kafka.bootstrap.servers", stack.kafka().bootstrapServers(), "group.id", "bench-" + UUID.randomUUID(), "db.url", jdbcUrl, "smtp.port", Integer.toString(port))));
        List<Double> notifierRates = new ArrayList<>();
        List<Double> bareRates = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            for (int i = 0; i < events; i++) {
                LocalDate checkIn = LocalDate.now(ZoneOffset.UTC).plusDays(62 + (round * events + i) / roomTypes.size() % 25);
                api.reserve(connection, guest, hotel, roomTypes.get(i % roomTypes.size()), checkIn, checkIn.plusDays(1));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (api.health().get("outbox_backlog").asLong() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            double bare = bareLoop(port, 2 * events);
            long before = ledgerSent(jdbcUrl);
            long target = before + 2L * events;
            KafkaConsumer<String, byte[]> consumer = Main.consumer(config);
            KafkaProducer<String, byte[]> deadLetters = Main.deadLetterProducer(config);
            Notifier notifier = new Notifier(config, consumer, deadLetters, Clock.systemUTC(), new SimpleMeterRegistry());
            long started = System.nanoTime();
            Thread thread = new Thread(notifier::run, "bench-notifier");
            thread.start();
            long sent = before;
            long firstMail = 0;
            deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (sent < target && System.nanoTime() < deadline) {
                Thread.sleep(5);
                sent = ledgerSent(jdbcUrl);
                if (firstMail == 0 && sent > before) {
                    firstMail = System.nanoTime();
                }
            }
            double seconds = (System.nanoTime() - firstMail) / 1e9;
            notifier.stop();
            thread.join(30_000);
            notifier.close();
            // leaves the group now, so the next round's consumer gets the partitions at once
            consumer.close();
            deadLetters.close();
            double rate = (sent - before) / seconds;
            System.out.printf("%s: notifier %s mails in %.2f s after its first (start to first mail %.2f s) = %.0f mails/s; bare SMTP loop %.0f mails/s; notifier / bare = %.2f%n",
                    round == 0 ? "mail warm-up" : "mail round " + round, sent - before, seconds, (firstMail - started) / 1e9, rate, bare, rate / bare);
            if (round > 0) {
                notifierRates.add(rate);
                bareRates.add(bare);
            }
        }
        double notifier = median(notifierRates);
        double bare = median(bareRates);
        System.out.printf("median: notifier %.0f mails/s (Kafka; per poll a PostgreSQL lookup and a ledger claim, per mail SMTP and a mark), bare SMTP loop %.0f mails/s; notifier / bare = %.2f (target >= 0.50)%n%n",
                notifier, bare, notifier / bare);
    }

    private static double median(List<Double> values)
    {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /** {@code count} mails sent one after another over one connection, as fast as the server takes them; mails/s. */
    private static double bareLoop(int port, int count)
            throws Exception
    {
        try (SmtpSender sender = new SmtpSender("127.0.0.1", port, "bench@hotel-lambda.localhost")) {
            long started = System.nanoTime();
            for (int i = 0; i < count; i++) {
                sender.send(new Mail(UUID.randomUUID(), "guest%s@bench.example".formatted(i % 100), "bare", "[Bench] a bare mail " + i,
                        "Dear guest,\n\nThis is mail %s of a bare SMTP loop.\n".formatted(i)), Instant.now());
            }
            return count / ((System.nanoTime() - started) / 1e9);
        }
    }

    private static long ledgerSent(String jdbcUrl)
            throws Exception
    {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
                PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM notifications WHERE sent_at IS NOT NULL");
                ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void awaitConfirmed(LoopbackHttpConnection booking, String guest, String id)
            throws Exception
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            LoopbackHttpConnection.Response read = booking.send("GET", "/v1/reservations/" + id, null, Map.of("Authorization", "Bearer " + guest));
            if (read.body().contains("\"status\":\"confirmed\"")) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("reservation %s not confirmed within 30 s".formatted(id));
    }
}
