package io.hotellambda.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The quickstart's one pass through the whole loop, against the running platform: views in
 * through booking-app (some of them retried), the speed layer's counts visible in the serving
 * layer, the nightly job for yesterday, the watermark moving, merged counts unchanged by the move,
 * and the audit of yesterday. Each step says what it saw; a step that fails says why and the
 * platform keeps running.
 */
final class QuickstartLoop
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String booking;
    private final String serving;
    private final Path directory;
    private final Map<String, String> batchSettings;
    private final Consumer<String> out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code batchSettings}: the {@code BATCH_*} environment of the nightly job and the audit; their logs go to {@code directory}. */
    QuickstartLoop(String booking, String serving, Path directory, Map<String, String> batchSettings, Consumer<String> out)
    {
        this.booking = booking;
        this.serving = serving;
        this.directory = directory;
        this.batchSettings = batchSettings;
        this.out = out;
    }

    /** {@code history}: the day of views produced before the speed layer and the archiver started, on a fresh platform. */
    void run(Optional<SampleHistory.Day> history)
    {
        try {
            List<Long> hotels = SampleHotels.ids(booking, 5);
            // on a fresh platform nothing was counted before the history; otherwise, whatever the platform counted so far
            Map<Long, Long> before = history.isPresent() ? new LinkedHashMap<>() : views(merged(hotels));
            Map<Long, Long> sent = sendViews(hotels);
            Map<Long, Long> expected = new LinkedHashMap<>();
            hotels.forEach(hotel -> expected.put(hotel, before.getOrDefault(hotel, 0L) + sent.get(hotel)
                    + history.map(day -> day.views().getOrDefault(hotel, 0L)).orElse(0L)));
            long started = System.nanoTime();
            Map<Long, Long> merged = awaitCounts(hotels, expected, Duration.ofSeconds(120));
            out.accept("speed layer: merged counts %s reached %s after %.1f s (%s; each retry counted once)".formatted(merged, expected, (System.nanoTime() - started) / 1e9,
                    history.map(day -> "yesterday's views and today's").orElse("the views counted before and today's")));

            LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
            // as the nightly DAG's sensor does: wait until the archive holds all of yesterday (the archiver closes a day a few minutes after it ends)
            awaitArchived(yesterday, Duration.ofMinutes(5));
            int daily = runBatch("nightly-job", "io.hotellambda.batch.daily.DailyMain", List.of("--date", yesterday.toString()));
            String watermark = awaitWatermark(yesterday.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString(), Duration.ofSeconds(30));
            out.accept("nightly job for %s: exit %s; the serving layer's watermark is now %s".formatted(yesterday, daily, watermark));

            Map<Long, JsonNode> after = merged(hotels);
            out.accept(views(after).equals(expected)
                    ? "merged counts after the watermark moved: %s, unchanged: nothing counted twice or lost at the seam".formatted(views(after))
                    : "MERGED COUNTS CHANGED when the watermark moved: %s, expected %s".formatted(views(after), expected));
            after.forEach((hotel, view) -> out.accept("  hotel %s: %s = batch %s (before W) + speed %s (from W on)".formatted(
                    hotel, view.path("view_count").asLong(), view.path("batch_count").asLong(), view.path("speed_count").asLong())));

            int audit = runBatch("audit", "io.hotellambda.batch.audit.AuditMain", List.of("--date", yesterday.toString()));
            out.accept("audit of %s: exit %s (%s); serving.audit_days and audit_booking_days, and the Hive tables audit_days and audit_booking_days hold its numbers".formatted(yesterday, audit,
                    switch (audit) {
                        case 0 -> "passed";
                        case 2 -> "the day has no batch numbers";
                        case 3 -> "DRIFT past the threshold";
                        default -> "failed: see " + directory.resolve("audit.log");
                    }));
        }
        catch (RuntimeException | IOException e) {
            out.accept("the loop stopped: " + e.getMessage() + " (the platform keeps running)");
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One hotel's supply and demand from {@code GET /v1/hotels/{id}/supply-demand}, as the nightly
     * job left it for yesterday: its first nights per room type with the suggested price and what
     * made it, the bookings since, and its city's demand from {@code GET /v1/cities/{city}/demand}.
     */
    void supplyDemand(long hotel)
    {
        try {
            String path = "/v1/hotels/%s/supply-demand".formatted(hotel);
            JsonNode answer = JSON.readTree(SampleHotels.send(http, HttpRequest.newBuilder(URI.create(serving + path)).GET(), 200));
            out.accept("supply and demand of hotel %s as of %s (GET %s%s):".formatted(hotel, answer.path("as_of_date").asText(), path,
                    answer.path("degraded").asBoolean() ? "; DEGRADED" : ""));
            // the nights with the most rooms sold first: where the model has something to say
            List<JsonNode> nights = new ArrayList<>();
            answer.get("nights").forEach(nights::add);
            nights.sort(java.util.Comparator.comparing((JsonNode night) -> -night.get("rooms_sold").asLong()).thenComparing(night -> night.get("stay_date").asText()));
            for (JsonNode night : nights.subList(0, Math.min(4, nights.size()))) {
                out.accept("  room type %s, %s: %s of %s sold (%+d in 7 days), %s searches of the city cover it; price %s -> suggested %s in [%s, %s] (occupancy %.2f, forecast %.2f, x%.2f, %s)"
                        .formatted(night.get("room_type_id").asLong(), night.get("stay_date").asText(), night.get("rooms_sold").asLong(), night.get("capacity").asLong(),
                                night.get("pickup_7d").asLong(), night.get("searches_30d").asLong(), night.get("price_cents").asLong(),
                                night.get("suggested_price_cents").asLong(), night.get("price_min_cents").asLong(), night.get("price_max_cents").asLong(),
                                night.get("occupancy").asDouble(), night.get("forecast_occupancy").asDouble(), night.get("price_multiplier").asDouble(),
                                night.get("model").asText()));
            }
            if (nights.isEmpty()) {
                out.accept("  no nights published yet");
                return;
            }
            answer.path("since_as_of").path("totals").fields().forEachRemaining(currency -> out.accept("  since then (speed layer): %s confirmed, %s room nights, net %s %s"
                    .formatted(currency.getValue().path("confirmed").asLong(), currency.getValue().path("room_nights_sold").asLong(),
                            currency.getValue().path("net_revenue_cents").asLong(), currency.getKey())));
            String city = answer.get("nights").get(0).get("city").asText();
            String cityPath = "/v1/cities/%s/demand?from=%s&to=%s".formatted(java.net.URLEncoder.encode(city, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"),
                    answer.get("from").asText(), LocalDate.parse(answer.get("from").asText()).plusDays(1));
            JsonNode first = JSON.readTree(SampleHotels.send(http, HttpRequest.newBuilder(URI.create(serving + cityPath)).GET(), 200)).get("nights").get(0);
            out.accept("  %s on %s (GET %s): %s hotels, %s of %s rooms sold, %s searches over 30 days and %s held by the speed layer".formatted(city,
                    first.get("stay_date").asText(), cityPath, first.path("hotels").asLong(), first.path("rooms_sold").asLong(), first.path("capacity").asLong(),
                    first.path("searches_30d").asLong(), first.path("speed_searches").asLong()));
            autoPricing(hotel, answer);
        }
        catch (RuntimeException | IOException e) {
            out.accept("the supply and demand check stopped: " + e.getMessage() + " (the platform keeps running)");
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The hotel's automatically priced room types (the first sample hotel's suite): waits up to
     * 60 s for booking-app to apply the day's suggestion to a night a week ahead, read as a guest
     * reads prices ({@code GET /v1/hotels/{id}/availability}), and prints it.
     */
    private void autoPricing(long hotel, JsonNode supplyDemand)
            throws IOException, InterruptedException
    {
        JsonNode catalog = JSON.readTree(SampleHotels.send(http, HttpRequest.newBuilder(URI.create(booking + "/v1/hotels/" + hotel)).GET(), 200));
        for (JsonNode roomType : catalog.get("room_types")) {
            if (!roomType.path("auto_pricing").asBoolean()) {
                continue;
            }
            LocalDate night = LocalDate.parse(supplyDemand.get("from").asText()).plusDays(7);
            long suggested = -1;
            for (JsonNode row : supplyDemand.get("nights")) {
                if (row.get("room_type_id").asLong() == roomType.get("id").asLong() && row.get("stay_date").asText().equals(night.toString())) {
                    suggested = Math.max(roomType.get("price_min_cents").asLong(), Math.min(roomType.get("price_max_cents").asLong(), row.get("suggested_price_cents").asLong()));
                }
            }
            if (suggested < 0) {
                continue;
            }
            String path = "/v1/hotels/%s/availability?check_in=%s&check_out=%s&guests=%s".formatted(hotel, night, night.plusDays(1), roomType.get("capacity").asInt());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long price = -1;
            while (System.nanoTime() < deadline && price != suggested) {
                for (JsonNode offer : JSON.readTree(SampleHotels.send(http, HttpRequest.newBuilder(URI.create(booking + path)).GET(), 200)).get("room_types")) {
                    if (offer.get("room_type_id").asLong() == roomType.get("id").asLong()) {
                        price = offer.get("nights").get(0).get("price_cents").asLong();
                    }
                }
                if (price != suggested) {
                    Thread.sleep(1_000);
                }
            }
            out.accept(price == suggested
                    ? "  automatic pricing: %s (auto_pricing on) sells %s at %s now, the suggestion of %s (booking-app wrote a room_prices_changed event)".formatted(
                            roomType.get("name").asText(), night, price, supplyDemand.get("as_of_date").asText())
                    : "  automatic pricing NOT APPLIED within 60 s: %s sells %s at %s, the suggestion is %s".formatted(roomType.get("name").asText(), night, price, suggested));
        }
    }

    /**
     * One hotel's booking numbers of yesterday and today from {@code GET /v1/hotels/{id}/revenue},
     * once the speed layer has settled (two reads two seconds apart agree, within 30 s): per
     * currency, the merged net revenue and confirmations as batch (before the bookings' W) plus
     * speed (from W on).
     */
    void revenue(long hotel)
    {
        try {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            String path = "/v1/hotels/%s/revenue?from=%s&to=%s".formatted(hotel, today.minusDays(1), today.plusDays(1));
            JsonNode answer = JSON.readTree(SampleHotels.send(http, HttpRequest.newBuilder(URI.create(serving + path)).GET(), 200));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                Thread.sleep(2_000);
                JsonNode again = JSON.readTree(SampleHotels.send(http, HttpRequest.newBuilder(URI.create(serving + path)).GET(), 200));
                if (again.get("totals").equals(answer.get("totals"))) {
                    break;
                }
                answer = again;
            }
            out.accept("merged booking numbers of hotel %s for %s and %s (GET %s; bookings watermark %s%s):".formatted(hotel, today.minusDays(1), today, path,
                    answer.path("watermark").asText(), answer.path("degraded").asBoolean() ? ", DEGRADED" : ""));
            JsonNode totals = answer.get("totals");
            if (totals.isEmpty()) {
                out.accept("  none yet");
            }
            for (String currency : iterable(totals.fieldNames())) {
                out.accept("  %s: net revenue %s = batch %s (before W) + speed %s (from W on); confirmed %s = %s + %s; room nights %s; refunds %s".formatted(currency,
                        totals.get(currency).get("net_revenue_cents").asLong(), answer.get("batch_totals").path(currency).path("net_revenue_cents").asLong(),
                        answer.get("speed_totals").path(currency).path("net_revenue_cents").asLong(), totals.get(currency).get("confirmed").asLong(),
                        answer.get("batch_totals").path(currency).path("confirmed").asLong(), answer.get("speed_totals").path(currency).path("confirmed").asLong(),
                        totals.get(currency).get("room_nights_sold").asLong(), totals.get(currency).get("refund_cents").asLong()));
            }
        }
        catch (RuntimeException | IOException e) {
            out.accept("the revenue check stopped: " + e.getMessage() + " (the platform keeps running)");
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator)
    {
        return () -> iterator;
    }

    /** 10, 20, ... views per hotel, each with its own event id, then the first three of each again: client retries. */
    private Map<Long, Long> sendViews(List<Long> hotels)
    {
        List<String> events = new ArrayList<>();
        List<String> retries = new ArrayList<>();
        Map<Long, Long> sent = new HashMap<>();
        for (int i = 0; i < hotels.size(); i++) {
            long hotel = hotels.get(i);
            for (int view = 0; view < 10 * (i + 1); view++) {
                String event = "{\"event_id\": \"%s\", \"hotel_id\": %s, \"viewer_id\": \"loop-viewer-%s\", \"country\": \"%s\", \"device\": \"%s\"}".formatted(
                        UUID.randomUUID(), hotel, view % 7, view % 2 == 0 ? "NL" : "DE", view % 3 == 0 ? "mobile" : "desktop");
                events.add(event);
                if (view < 3) {
                    retries.add(event);
                }
            }
            sent.put(hotel, 10L * (i + 1));
        }
        for (List<String> batch : List.of(events, retries)) {
            SampleHotels.send(http, HttpRequest.newBuilder(URI.create(booking + "/v1/views/batch"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(batch.stream().collect(Collectors.joining(",", "{\"events\": [", "]}")))), 202);
        }
        out.accept("sent %s views to hotels %s through booking-app, and %s of them again with the same event ids".formatted(events.size(), hotels, retries.size()));
        return sent;
    }

    private Map<Long, Long> awaitCounts(List<Long> hotels, Map<Long, Long> expected, Duration timeout)
            throws IOException, InterruptedException
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Long, Long> counts = views(merged(hotels));
        while (!counts.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            counts = views(merged(hotels));
        }
        if (!counts.equals(expected)) {
            throw new IllegalStateException("merged counts %s did not reach %s within %s".formatted(counts, expected, timeout));
        }
        return counts;
    }

    private String awaitWatermark(String expected, Duration timeout)
            throws IOException, InterruptedException
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        String watermark = health().path("watermark").asText();
        while (!watermark.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            watermark = health().path("watermark").asText();
        }
        return watermark;
    }

    private JsonNode health()
            throws IOException
    {
        return JSON.readTree(SampleHotels.send(http, HttpRequest.newBuilder(URI.create(serving + "/health")).GET(), 200));
    }

    /** Each hotel's answer from {@code POST /v1/views/query}: view_count, batch_count and speed_count. */
    private Map<Long, JsonNode> merged(List<Long> hotels)
            throws IOException
    {
        JsonNode answer = JSON.readTree(SampleHotels.send(http, HttpRequest.newBuilder(URI.create(serving + "/v1/views/query"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(hotels.stream().map(String::valueOf).collect(Collectors.joining(",", "{\"hotel_ids\": [", "]}")))), 200));
        Map<Long, JsonNode> views = new LinkedHashMap<>();
        answer.get("views").forEach(view -> views.put(view.get("hotel_id").asLong(), view));
        return views;
    }

    private static Map<Long, Long> views(Map<Long, JsonNode> merged)
    {
        Map<Long, Long> counts = new LinkedHashMap<>();
        merged.forEach((hotel, view) -> counts.put(hotel, view.get("view_count").asLong()));
        return counts;
    }

    /** Runs a batch-layer main to completion as a child JVM; prints the lines of its summary (they start with the day). */
    /** Runs {@code bin/batch complete} for the day every few seconds until it says complete (exit 0), for at most {@code timeout}. */
    private void awaitArchived(LocalDate day, Duration timeout)
            throws IOException, InterruptedException
    {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        int exit;
        while ((exit = runQuietly("archive-complete", "io.hotellambda.batch.daily.CompleteMain", List.of("--date", day.toString()))) == 2
                && System.nanoTime() < deadline) {
            Thread.sleep(5_000);
        }
        out.accept("archive of %s: %s after %.0f s (bin/batch complete)".formatted(day, exit == 0 ? "complete" : "not complete (exit %s)".formatted(exit),
                (System.nanoTime() - started) / 1e9));
    }

    private int runQuietly(String name, String mainClass, List<String> arguments)
    {
        Map<String, String> environment = new HashMap<>(batchSettings);
        ChildProcess process = ModuleProcess.start("batch-layer", name, mainClass, directory, "256m", environment, arguments);
        return process.awaitExit(Duration.ofMinutes(2));
    }

    private int runBatch(String name, String mainClass, List<String> arguments)
            throws IOException
    {
        Map<String, String> environment = new HashMap<>(batchSettings);
        environment.put("BATCH_SPARK_MASTER", "local[2]");
        // the log is appended to across quickstarts: this run's lines are those after its current end
        Path log = directory.resolve(name + ".log");
        long earlier = Files.exists(log) ? Files.readAllLines(log).size() : 0;
        ChildProcess process = ModuleProcess.start("batch-layer", name, mainClass, directory, "2g", environment, arguments);
        int exit = process.awaitExit(Duration.ofMinutes(10));
        Files.readAllLines(process.logFile()).stream().skip(earlier).filter(line -> line.startsWith(arguments.get(1))).forEach(line -> out.accept("  " + line));
        return exit;
    }
}
