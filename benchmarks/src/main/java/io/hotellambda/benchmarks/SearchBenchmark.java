package io.hotellambda.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.hotellambda.booking.BookingApp;
import io.hotellambda.booking.BookingAppConfig;
import io.hotellambda.config.Settings;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.LocalStackConfig;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * {@code bin/bench search}: {@code GET /v1/search} over 10,000 hotels in 100 cities, 2 room types
 * each, 180 nights of inventory (3.6 million nights, some sold out), at 16 clients: a city + dates
 * + price search (matches, then each hotel's nights for the stay) beside the same search without
 * dates (matches, then room types), alternating in one run. Every search also sends its
 * {@code search_performed} to Kafka, as in production. No serving layer runs, so ranking is
 * without popularity (search asks once per 5 s and otherwise skips it). The catalog and
 * inventory are written with SQL, not the API: 20,000 room types through the API would take the
 * benchmark's whole budget; they are then loaded into PostgreSQL's buffers (pg_prewarm), as a
 * serving database holds its hot tables.
 */
public final class SearchBenchmark
{
    private static final int HORIZON = 180;

    private SearchBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        int rounds = BenchmarkSupport.argument(args, "--rounds", 3);
        Duration measure = Duration.ofSeconds(BenchmarkSupport.argument(args, "--seconds", 10));
        int clients = BenchmarkSupport.argument(args, "--clients", 16);
        int hotels = BenchmarkSupport.argument(args, "--hotels", 10_000);
        int cityCount = BenchmarkSupport.argument(args, "--cities", 100);

        Path directory = Files.createTempDirectory("hotel-lambda-bench-");
        try (LocalStack stack = LocalStack.start(LocalStackConfig.forTests(directory, Path.of("var", "cache").toAbsolutePath()))) {
            stack.postgres().createDatabase("bench");
            String jdbcUrl = stack.postgres().jdbcUrl("bench");
            BookingAppConfig config = BookingAppConfig.load(Settings.of(BookingAppConfig.ENV_PREFIX, Map.of(
                    "http.port", "0", "db.url", jdbcUrl, "kafka.bootstrap.servers", stack.kafka().bootstrapServers(),
                    "admin.token", "bench-admin-" + UUID.randomUUID(), "inventory.horizon.days", Integer.toString(HORIZON), "db.pool.size", "16",
                    // nothing listens here: search ranks without popularity, as when the serving layer is away
                    "serving.url", "http://127.0.0.1:1")));
            try (BookingApp app = BookingApp.start(config); HikariDataSource pool = ReservationBenchmark.pool(jdbcUrl, 2)) {
                List<String> cities = cities(cityCount, new Random(7));
                long seeding = System.nanoTime();
                seed(pool, hotels, cities);
                System.out.printf("hotel-lambda search benchmark, %s, %s cores, %s clients, %s hotels in %s cities, 2 room types, %s nights each (seeded in %.0f s), %s rounds x %ss%n",
                        LocalDate.now(), Runtime.getRuntime().availableProcessors(), clients, hotels, cities.size(), HORIZON,
                        (System.nanoTime() - seeding) / 1e9, rounds, measure.toSeconds());

                List<LoopbackHttpConnection> connections = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    connections.add(new LoopbackHttpConnection(app.port()));
                }
                ReservationBenchmark.Workload dated = search(connections, cities, true);
                ReservationBenchmark.Workload undated = search(connections, cities, false);
                ReservationBenchmark.run("warm-up dated", dated, clients, Duration.ofSeconds(15), 1, "searches/s");
                ReservationBenchmark.run("warm-up undated", undated, clients, Duration.ofSeconds(15), 1, "searches/s");
                List<ReservationBenchmark.Result> datedResults = new ArrayList<>();
                List<ReservationBenchmark.Result> undatedResults = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    datedResults.add(ReservationBenchmark.run("city + dates + price", dated, clients, measure, 1, "searches/s"));
                    undatedResults.add(ReservationBenchmark.run("city + price, no dates", undated, clients, measure, 1, "searches/s"));
                }
                double datedMedian = ReservationBenchmark.median(datedResults);
                double undatedMedian = ReservationBenchmark.median(undatedResults);
                System.out.printf("%nmedian searches/s: dated %.0f, undated %.0f; dated / undated = %.2f (target >= 0.50)%n", datedMedian, undatedMedian, datedMedian / undatedMedian);
                System.out.printf("median p50 / p99: dated %.1f / %.1f ms (target p99 < 50 ms), undated %.1f / %.1f ms%n",
                        ReservationBenchmark.median(datedResults, ReservationBenchmark.Result::p50Millis), ReservationBenchmark.median(datedResults, ReservationBenchmark.Result::p99Millis),
                        ReservationBenchmark.median(undatedResults, ReservationBenchmark.Result::p50Millis), ReservationBenchmark.median(undatedResults, ReservationBenchmark.Result::p99Millis));
                for (LoopbackHttpConnection connection : connections) {
                    connection.close();
                }
            }
        }
        finally {
            BenchmarkSupport.deleteRecursively(directory);
        }
    }

    /** One search per loop: a random city (one in four typed with a letter missing), 1-3 nights in the next 150 days or none, 50.00 to 250.00 a night. */
    private static ReservationBenchmark.Workload search(List<LoopbackHttpConnection> connections, List<String> cities, boolean dated)
    {
        return (client, random) -> {
            String city = cities.get(random.nextInt(cities.size()));
            if (random.nextInt(4) == 0) {
                int missing = 1 + random.nextInt(city.length() - 2);
                city = city.substring(0, missing) + city.substring(missing + 1);
            }
            StringBuilder query = new StringBuilder("/v1/search?city=").append(URLEncoder.encode(city, StandardCharsets.UTF_8))
                    .append("&min_price=5000&max_price=25000");
            if (dated) {
                LocalDate checkIn = LocalDate.now(ZoneOffset.UTC).plusDays(1 + random.nextInt(150));
                query.append("&check_in=").append(checkIn).append("&check_out=").append(checkIn.plusDays(1 + random.nextInt(3)));
            }
            LoopbackHttpConnection.Response response = connections.get(client).send("GET", query.toString(), null, Map.of("X-Viewer-Id", "bench-" + client));
            if (response.status() != 200) {
                throw new IllegalStateException("search answered %s: %s".formatted(response.status(), response.body()));
            }
        };
    }

    /** Made-up city names of two or three syllables, distinct. */
    private static List<String> cities(int count, Random random)
    {
        String[] syllables = {"val", "mor", "ka", "ten", "bri", "lo", "sar", "vin", "dal", "ro", "mes", "tri", "an", "gor", "lu", "pe", "zan", "del", "ha", "nor"};
        List<String> cities = new ArrayList<>();
        while (cities.size() < count) {
            StringBuilder name = new StringBuilder();
            for (int i = 0, parts = 2 + random.nextInt(2); i < parts; i++) {
                name.append(syllables[random.nextInt(syllables.length)]);
            }
            String city = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            if (!cities.contains(city)) {
                cities.add(city);
            }
        }
        return cities;
    }

    /**
     * The catalog in three statements: hotels (the search columns are generated by PostgreSQL),
     * two room types each (2 and 4 guests, 10 rooms, 40.00 to 300.00 base), and their nights from
     * today for the horizon, priced around the base, one in ten nights sold out.
     */
    private static void seed(HikariDataSource pool, int hotels, List<String> cities)
            throws Exception
    {
        try (Connection connection = pool.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO hotels (name, city, country, address, star_rating, amenities, description, time_zone, currency)
                    SELECT (ARRAY['Grand', 'Royal', 'Park', 'Harbour', 'Old Town', 'Garden', 'River', 'Station'])[1 + i % 8] || ' ' ||
                           (ARRAY['Hotel', 'Inn', 'Suites', 'Lodge', 'House'])[1 + i % 5] || ' ' || i,
                           (?::text[])[1 + i % cardinality(?::text[])], 'NL', 'Street ' || i, 1 + i % 5,
                           string_to_array((ARRAY['wifi,breakfast', 'wifi,spa', 'wifi,parking', 'wifi,gym'])[1 + i % 4], ','),
                           'Rooms near the ' || (ARRAY['harbour', 'old town', 'park', 'station', 'river'])[1 + i % 5] || ' of the city.',
                           'Europe/Amsterdam', 'EUR'
                    FROM generate_series(1, ?) AS i""")) {
                statement.setArray(1, connection.createArrayOf("text", cities.toArray()));
                statement.setArray(2, connection.createArrayOf("text", cities.toArray()));
                statement.setInt(3, hotels);
                statement.executeUpdate();
            }
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("""
                        INSERT INTO room_types (hotel_id, name, capacity, quantity, price_min_cents, price_max_cents, base_price_cents, overbooking_percent)
                        SELECT h.id, kind.name, kind.capacity, 10, 1000, 100000, 4000 + (h.id * 7919 + kind.capacity * 104729) % 26000, 100
                        FROM hotels h, (VALUES ('Double', 2), ('Family', 4)) AS kind (name, capacity)""");
                statement.executeUpdate("""
                        INSERT INTO room_inventory (room_type_id, stay_date, capacity, overbook_cap, sold, held, closed, price_cents)
                        SELECT rt.id, current_date + n, 10, 10, CASE WHEN (rt.id * 31 + n) %% 10 = 0 THEN 10 ELSE (rt.id + n) %% 8 END, 0, FALSE,
                               rt.base_price_cents * (90 + (rt.id + n * 7) %% 30) / 100
                        FROM room_types rt, generate_series(0, %s) AS n""".formatted(HORIZON - 1));
                statement.execute("VACUUM ANALYZE hotels");
                statement.execute("VACUUM ANALYZE room_types");
                statement.execute("VACUUM ANALYZE room_inventory");
                // a serving database has its hot tables in memory; without this the first minutes
                // measure reads from the OS cache into shared_buffers, not search
                statement.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm");
                for (String relation : List.of("hotels", "room_types", "room_inventory", "room_inventory_pkey", "room_types_hotel", "hotels_city_key")) {
                    statement.execute("SELECT pg_prewarm('%s')".formatted(relation));
                }
            }
        }
    }
}
