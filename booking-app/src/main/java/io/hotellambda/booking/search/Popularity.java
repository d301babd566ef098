package io.hotellambda.booking.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hotels' merged views over the last {@link #DAYS} days, from the serving layer's
 * {@code POST /v1/views/query}, for ranking search results. Counts are kept for {@code ttl}, so
 * most searches ask nothing and the pages of one search see the same numbers. When the serving
 * layer does not answer within {@code timeout} (down, slow, or answering an error), search goes
 * on without popularity and says so; it is not asked again for {@link #BACKOFF}, so an absent
 * serving layer costs searches nothing.
 */
public final class Popularity
{
    public static final int DAYS = 7;
    static final Duration BACKOFF = Duration.ofSeconds(5);
    private static final int MAX_IDS_PER_CALL = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(Popularity.class);

    /** Views per hotel (0 for a hotel the serving layer has none for), or {@code available=false} with none. */
    public record Views(boolean available, boolean degraded, Map<Long, Long> byHotel)
    {
        public long of(long hotelId)
        {
            return byHotel.getOrDefault(hotelId, 0L);
        }
    }

    private record Cached(long views, boolean degraded, long fetchedAtMillis) {}

    private final HttpClient client;
    private final URI endpoint;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration timeout;
    private final Duration ttl;
    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();
    private final AtomicLong unavailableUntil = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public Popularity(URI servingLayer, ObjectMapper json, Clock clock, Duration timeout, Duration ttl)
    {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.endpoint = servingLayer.resolve("/v1/views/query");
        this.json = json;
        this.clock = clock;
        this.timeout = timeout;
        this.ttl = ttl;
    }

    public Views of(long[] hotelIds)
    {
        long now = clock.millis();
        Map<Long, Long> views = new HashMap<>();
        boolean degraded = false;
        long[] missing = new long[hotelIds.length];
        int missingCount = 0;
        for (long id : hotelIds) {
            Cached cached = cache.get(id);
            if (cached != null && now - cached.fetchedAtMillis() < ttl.toMillis()) {
                views.put(id, cached.views());
                degraded |= cached.degraded();
            }
            else {
                missing[missingCount++] = id;
            }
        }
        if (missingCount == 0) {
            return new Views(true, degraded, views);
        }
        if (now < unavailableUntil.get()) {
            return new Views(false, true, Map.of());
        }
        try {
            for (int from = 0; from < missingCount; from += MAX_IDS_PER_CALL) {
                degraded |= fetch(Arrays.copyOfRange(missing, from, Math.min(missingCount, from + MAX_IDS_PER_CALL)), now, views);
            }
            return new Views(true, degraded, views);
        }
        catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            unavailableUntil.set(now + BACKOFF.toMillis());
            LOG.warn("the serving layer gave no popularity ({}); search ranks without it for {}", e.toString(), BACKOFF);
            return new Views(false, true, Map.of());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Views(false, true, Map.of());
        }
    }

    /** Times the serving layer did not answer a popularity lookup. */
    public long failures()
    {
        return failures.get();
    }

    private boolean fetch(long[] ids, long now, Map<Long, Long> views)
            throws IOException, InterruptedException
    {
        byte[] body = json.writeValueAsBytes(Map.of("hotel_ids", ids, "days", DAYS));
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("POST %s answered %s".formatted(endpoint, response.statusCode()));
        }
        JsonNode answer = json.readTree(response.body());
        boolean degraded = answer.path("degraded").asBoolean(true);
        for (JsonNode hotel : answer.path("views")) {
            long id = hotel.path("hotel_id").asLong();
            long count = hotel.path("view_count").asLong();
            views.put(id, count);
            cache.put(id, new Cached(count, degraded, now));
        }
        return degraded;
    }
}
