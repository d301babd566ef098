package io.hotellambda.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.hotellambda.booking.BookingApp;
import io.hotellambda.booking.BookingAppConfig;
import io.hotellambda.booking.Transactions;
import io.hotellambda.booking.inventory.InventoryRepository;
import io.hotellambda.booking.reservations.Reservation;
import io.hotellambda.booking.reservations.ReservationRepository;
import io.hotellambda.booking.reservations.ReservationStatus;
import io.hotellambda.config.Settings;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.LocalStackConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * {@code bin/bench reservations}: hold-then-cancel through booking-app's API (HTTP, auth,
 * idempotency key, the conditional update, the reservation row, the outbox event, in one
 * transaction each), 32 clients over 1,000 room types, beside a raw JDBC loop doing the same
 * conditional update and insert (and release) in one transaction each, alternating in one run.
 * Then a hot spot (every client on one room type and night) and the sweeper's release lag for
 * 1,000 holds expiring at the same instant.
 */
public final class ReservationBenchmark
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReservationBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        int rounds = BenchmarkSupport.argument(args, "--rounds", 3);
        Duration measure = Duration.ofSeconds(BenchmarkSupport.argument(args, "--seconds", 10));
        int clients = BenchmarkSupport.argument(args, "--clients", 32);
        int roomTypeCount = BenchmarkSupport.argument(args, "--room-types", 1000);
        int expiring = BenchmarkSupport.argument(args, "--expiring", 1000);

        Path directory = Files.createTempDirectory("hotel-lambda-bench-");
        try (LocalStack stack = LocalStack.start(LocalStackConfig.forTests(directory, Path.of("var", "cache").toAbsolutePath()))) {
            stack.postgres().createDatabase("bench");
            String adminToken = "bench-admin-" + UUID.randomUUID();
            String jdbcUrl = stack.postgres().jdbcUrl("bench");
            BookingAppConfig config = BookingAppConfig.load(Settings.of(BookingAppConfig.ENV_PREFIX, Map.of(
                    "http.port", "0", "db.url", jdbcUrl, "kafka.bootstrap.servers", stack.kafka().bootstrapServers(),
                    "admin.token", adminToken, "inventory.horizon.days", "90", "db.pool.size", "32")));
            try (BookingApp app = BookingApp.start(config); HikariDataSource raw = pool(jdbcUrl, clients)) {
                Api api = new Api(app.port(), adminToken);
                long hotel = BenchmarkSupport.createHotels(app.port(), adminToken, 1).get(0);
                List<Long> roomTypes = new ArrayList<>();
                for (int i = 0; i < roomTypeCount; i++) {
                    roomTypes.add(api.roomType(hotel, 1000));
                }
                long hotSpot = api.roomType(hotel, 1000);
                List<String> guests = new ArrayList<>();
                List<LoopbackHttpConnection> connections = new ArrayList<>();
                UUID rawGuest = null;
                for (int i = 0; i < clients; i++) {
                    String[] guest = api.guest();
                    guests.add(guest[0]);
                    connections.add(new LoopbackHttpConnection(app.port()));
                    rawGuest = UUID.fromString(guest[1]);
                }
                System.out.printf("hotel-lambda reservations benchmark, %s, %s cores, %s clients, %s room types, %s rounds x %ss%n",
                        LocalDate.now(), Runtime.getRuntime().availableProcessors(), clients, roomTypeCount, rounds, measure.toSeconds());

                Workload apiLoop = holdThenCancel(api, connections, guests, hotel, roomTypes);
                Workload rawLoop = rawHoldThenCancel(raw, hotel, roomTypes, rawGuest);
                run("warm-up API", apiLoop, clients, Duration.ofSeconds(5));
                run("warm-up raw", rawLoop, clients, Duration.ofSeconds(5));
                List<Result> apiResults = new ArrayList<>();
                List<Result> rawResults = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    apiResults.add(run("API hold-then-cancel", apiLoop, clients, measure));
                    rawResults.add(run("raw JDBC hold-then-cancel", rawLoop, clients, measure));
                }
                double apiMedian = median(apiResults);
                double rawMedian = median(rawResults);
                System.out.printf("%nmedian transactions/s: API %.0f, raw JDBC %.0f; API / raw = %.2f (target >= 0.60)%n", apiMedian, rawMedian, apiMedian / rawMedian);

                LocalDate hotNight = LocalDate.now(ZoneOffset.UTC).plusDays(30);
                Result hot = run("hot spot: one room type, one night", (client, random) -> {
                    String id = api.reserve(connections.get(client), guests.get(client), hotel, hotSpot, hotNight, hotNight.plusDays(1));
                    api.cancel(connections.get(client), guests.get(client), id);
                }, clients, measure);
                System.out.printf("hot spot: %.0f transactions/s, hold-then-cancel p99 %.1f ms%n", hot.transactionsPerSecond(), hot.p99Millis());

                sweeperLag(api, connections.get(0), raw, hotel, roomTypes, guests, expiring);
                for (LoopbackHttpConnection connection : connections) {
                    connection.close();
                }
            }
        }
        finally {
            BenchmarkSupport.deleteRecursively(directory);
        }
    }

    /** Through the API: a hold of a random room type of {@code roomTypes} for 1-3 nights in the next 60 days, then its cancel; each client on its own connection and guest. */
    static Workload holdThenCancel(Api api, List<LoopbackHttpConnection> connections, List<String> guests, long hotel, List<Long> roomTypes)
    {
        return (client, random) -> {
            long roomType = roomTypes.get(random.nextInt(roomTypes.size()));
            LocalDate checkIn = LocalDate.now(ZoneOffset.UTC).plusDays(1 + random.nextInt(60));
            String id = api.reserve(connections.get(client), guests.get(client), hotel, roomType, checkIn, checkIn.plusDays(1 + random.nextInt(3)));
            api.cancel(connections.get(client), guests.get(client), id);
        };
    }

    /** The same conditional update and reservation insert as a hold, and the release, each one transaction, with no HTTP, idempotency key or outbox. */
    private static Workload rawHoldThenCancel(HikariDataSource raw, long hotel, List<Long> roomTypes, UUID guest)
    {
        Transactions transactions = new Transactions(raw);
        InventoryRepository inventory = new InventoryRepository();
        ReservationRepository reservations = new ReservationRepository();
        return (client, random) -> {
            long roomType = roomTypes.get(random.nextInt(roomTypes.size()));
            LocalDate checkIn = LocalDate.now(ZoneOffset.UTC).plusDays(1 + random.nextInt(60));
            LocalDate checkOut = checkIn.plusDays(1 + random.nextInt(3));
            Reservation reservation = transactions.run("hold", connection -> {
                List<Long> prices = inventory.hold(connection, roomType, checkIn, checkOut, 1);
                Instant now = Instant.now();
                Reservation held = Reservation.held(UUID.randomUUID(), hotel, roomType, guest, checkIn, checkOut, 1, 1, prices,
                        prices.stream().mapToLong(Long::longValue).sum(), "EUR", now.plusSeconds(600), now);
                reservations.insert(connection, held);
                return held;
            });
            transactions.run("release", connection -> {
                inventory.releaseHeld(connection, List.of(new InventoryRepository.Release(roomType, checkIn, checkOut, 1)));
                reservations.setStatus(connection, List.of(reservation.id()), ReservationStatus.CANCELLED, Instant.now());
                return null;
            });
        };
    }

    /** 1,000 holds made to expire at one instant T; each one's lag is when the bench first sees it expired, minus T. */
    private static void sweeperLag(Api api, LoopbackHttpConnection http, HikariDataSource raw, long hotel, List<Long> roomTypes, List<String> guests, int count)
            throws Exception
    {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            LocalDate checkIn = LocalDate.now(ZoneOffset.UTC).plusDays(70);
            ids.add(UUID.fromString(api.reserve(http, guests.get(i % guests.size()), hotel, roomTypes.get(i % roomTypes.size()), checkIn, checkIn.plusDays(1))));
        }
        Instant expiry = Instant.now().plusSeconds(3);
        try (Connection connection = raw.getConnection();
                PreparedStatement statement = connection.prepareStatement("UPDATE reservations SET hold_expires_at = ? WHERE id = ANY (?)")) {
            statement.setTimestamp(1, Timestamp.from(expiry));
            statement.setArray(2, connection.createArrayOf("uuid", ids.toArray()));
            statement.executeUpdate();
        }
        Map<UUID, Long> seenAt = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (seenAt.size() < count && System.nanoTime() < deadline) {
            try (Connection connection = raw.getConnection();
                    PreparedStatement statement = connection.prepareStatement("SELECT id FROM reservations WHERE id = ANY (?) AND status = 'expired'")) {
                statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
                long now = System.currentTimeMillis();
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        seenAt.putIfAbsent(result.getObject(1, UUID.class), now);
                    }
                }
            }
            Thread.sleep(20);
        }
        double[] lags = seenAt.values().stream().mapToDouble(seen -> Math.max(0, seen - expiry.toEpochMilli()) / 1000.0).sorted().toArray();
        System.out.printf("sweeper: %s of %s holds expiring at one instant released; lag median %.2f s, p99 %.2f s, max %.2f s (target p99 <= 2 s)%n",
                lags.length, count, BenchmarkSupport.percentile(lags, 50), BenchmarkSupport.percentile(lags, 99), lags.length == 0 ? Double.NaN : lags[lags.length - 1]);
    }

    interface Workload
    {
        void once(int client, ThreadLocalRandom random)
                throws Exception;
    }

    record Result(String name, long transactions, double seconds, double p50Millis, double p99Millis)
    {
        double transactionsPerSecond()
        {
            return transactions / seconds;
        }
    }

    /** {@code clients} threads each looping the workload for {@code duration}; two transactions (hold, cancel) per loop. */
    static Result run(String name, Workload workload, int clients, Duration duration)
            throws Exception
    {
        return run(name, workload, clients, duration, 2, "transactions/s, hold-then-cancel");
    }

    /** As above, {@code perLoop} counted per loop, the line saying what they are. */
    static Result run(String name, Workload workload, int clients, Duration duration, int perLoop, String unit)
            throws Exception
    {
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        List<Future<Latencies>> futures = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            int index = client;
            futures.add(threads.submit(() -> {
                Latencies latencies = new Latencies();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    long began = System.nanoTime();
                    workload.once(index, random);
                    latencies.add(System.nanoTime() - began);
                }
                return latencies;
            }));
        }
        List<Latencies> all = new ArrayList<>();
        for (Future<Latencies> future : futures) {
            all.add(future.get(duration.toSeconds() + 60, TimeUnit.SECONDS));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        threads.shutdown();
        long[] sorted = Latencies.sorted(all);
        double p50 = sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.50) - 1)] / 1e6;
        double p99 = sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6;
        Result result = new Result(name, sorted.length * (long) perLoop, seconds, p50, p99);
        System.out.printf("%-40s %8.0f %s p50 %.1f ms, p99 %.1f ms%n", name, result.transactionsPerSecond(), unit, p50, p99);
        return result;
    }

    static double median(List<Result> results)
    {
        return median(results, Result::transactionsPerSecond);
    }

    static double median(List<Result> results, ToDoubleFunction<Result> metric)
    {
        double[] values = results.stream().mapToDouble(metric).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    static HikariDataSource pool(String jdbcUrl, int size)
    {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(jdbcUrl);
        hikari.setUsername("postgres");
        hikari.setMaximumPoolSize(size);
        hikari.setPoolName("raw-baseline");
        return new HikariDataSource(hikari);
    }

    /** booking-app's API, as a guest and as an admin. */
    record Api(int port, String adminToken, HttpClient http)
    {
        Api(int port, String adminToken)
        {
            this(port, adminToken, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
        }

        long roomType(long hotel, int quantity)
                throws Exception
        {
            return post("/v1/hotels/%s/room-types".formatted(hotel), """
                    {"name": "Room %s", "capacity": 2, "quantity": %s, "price_min_cents": 5000, "price_max_cents": 50000, "base_price_cents": 10000}
                    """.formatted(UUID.randomUUID(), quantity), adminToken, 201).get("id").asLong();
        }

        void put(String path, String body)
                throws Exception
        {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:%s%s".formatted(port, path)))
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").header("Authorization", "Bearer " + adminToken)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("PUT %s answered %s: %s".formatted(path, response.statusCode(), response.body()));
            }
        }

        JsonNode health()
                throws Exception
        {
            return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:%s/health".formatted(port))).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        }

        /** A new guest's token and id. */
        String[] guest()
                throws Exception
        {
            JsonNode guest = post("/v1/guests", "{\"email\": \"bench@example.org\", \"name\": \"Bench\"}", null, 201);
            return new String[] {guest.get("token").asText(), guest.get("guest_id").asText()};
        }

        String reserve(LoopbackHttpConnection connection, String guest, long hotel, long roomType, LocalDate checkIn, LocalDate checkOut)
                throws Exception
        {
            return call(connection, "/v1/reservations", "{\"hotel_id\": %s, \"room_type_id\": %s, \"check_in\": \"%s\", \"check_out\": \"%s\", \"rooms\": 1}"
                    .formatted(hotel, roomType, checkIn, checkOut), guest, 201).get("reservation_id").asText();
        }

        void cancel(LoopbackHttpConnection connection, String guest, String reservation)
                throws Exception
        {
            call(connection, "/v1/reservations/%s/cancel".formatted(reservation), null, guest, 200);
        }

        /** A guest's call on the client thread's own keep-alive connection, with a fresh idempotency key. */
        static JsonNode call(LoopbackHttpConnection connection, String path, String body, String guest, int expected)
                throws Exception
        {
            LoopbackHttpConnection.Response response = connection.post(path, body,
                    Map.of("Authorization", "Bearer " + guest, "Idempotency-Key", UUID.randomUUID().toString()));
            if (response.status() != expected) {
                throw new IllegalStateException("POST %s answered %s: %s".formatted(path, response.status(), response.body()));
            }
            return JSON.readTree(response.body());
        }

        JsonNode post(String path, String body, String token, int expected)
                throws Exception
        {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:%s%s".formatted(port, path)))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException("POST %s answered %s: %s".formatted(path, response.statusCode(), response.body()));
            }
            return JSON.readTree(response.body());
        }
    }
}
