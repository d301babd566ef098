package io.hotellambda.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Creates a few hotels with room types (and so a year of nights on sale) through booking-app's API, once: the quickstart's demo data. */
final class SampleHotels
{
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final List<String> HOTELS = List.of(
            """
            {"name": "Canal House Amsterdam", "city": "Amsterdam", "country": "NL", "address": "Keizersgracht 148", "star_rating": 4, "time_zone": "Europe/Amsterdam", "currency": "EUR", "amenities": ["wifi", "breakfast", "canal-view"]}""",
            """
            {"name": "Hotel Dam Square", "city": "Amsterdam", "country": "NL", "address": "Dam 9", "star_rating": 5, "time_zone": "Europe/Amsterdam", "currency": "EUR", "amenities": ["wifi", "spa", "gym", "restaurant"]}""",
            """
            {"name": "Harbour Inn", "city": "Rotterdam", "country": "NL", "address": "Wilhelminakade 1", "star_rating": 3, "time_zone": "Europe/Amsterdam", "currency": "EUR", "amenities": ["wifi", "parking"]}""",
            """
            {"name": "Gendarmenmarkt Hof", "city": "Berlin", "country": "DE", "address": "Markgrafenstrasse 36", "star_rating": 4, "time_zone": "Europe/Berlin", "currency": "EUR", "amenities": ["wifi", "bar"]}""",
            """
            {"name": "Rive Gauche", "city": "Paris", "country": "FR", "address": "12 Rue Jacob", "star_rating": 3, "time_zone": "Europe/Paris", "currency": "EUR", "amenities": ["wifi", "breakfast"]}""");
    private static final List<String> ROOM_TYPES = List.of(
            """
            {"name": "Standard Double", "capacity": 2, "quantity": 20, "price_min_cents": 9900, "price_max_cents": 18900, "base_price_cents": 12900, "overbooking_percent": 110}""",
            """
            {"name": "Family Suite", "capacity": 4, "quantity": 5, "price_min_cents": 19900, "price_max_cents": 34900, "base_price_cents": 24900, "overbooking_percent": 100}""");

    private SampleHotels() {}

    /** Returns one line per sample hotel; creates them only when the catalog is empty. */
    static List<String> ensure(String base, String adminToken)
    {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> lines = new ArrayList<>();
        String existing = send(http, HttpRequest.newBuilder(URI.create(base + "/v1/hotels?limit=1")).GET(), 200);
        if (ID.matcher(existing).find()) {
            lines.add("the catalog already has hotels; left as it is (rm -rf var/ to start over)");
            return lines;
        }
        for (String hotel : HOTELS) {
            String created = send(http, post(base + "/v1/hotels", hotel, adminToken), 201);
            Matcher id = ID.matcher(created);
            id.find();
            for (String roomType : ROOM_TYPES) {
                send(http, post(base + "/v1/hotels/%s/room-types".formatted(id.group(1)), roomType, adminToken), 201);
            }
            lines.add("hotel %s: %s".formatted(id.group(1), hotel.replaceAll(".*\"name\": \"([^\"]+)\", \"city\": \"([^\"]+)\".*", "$1, $2")));
        }
        return lines;
    }

    /** The ids of the catalog's first {@code limit} hotels, in the catalog's order: the sample hotels, on a fresh platform. */
    static List<Long> ids(String base, int limit)
    {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String answer = send(http, HttpRequest.newBuilder(URI.create(base + "/v1/hotels?limit=" + limit)).GET(), 200);
        List<Long> ids = new ArrayList<>();
        try {
            new ObjectMapper().readTree(answer).get("hotels").forEach(hotel -> ids.add(hotel.get("id").asLong()));
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("booking-app's hotel list is not JSON: " + answer, e);
        }
        return ids;
    }

    private static HttpRequest.Builder post(String uri, String body, String adminToken)
    {
        return HttpRequest.newBuilder(URI.create(uri))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + adminToken);
    }

    /** Sends with a 10 s timeout; any status but {@code expected} is an error that shows the answer. */
    static String send(HttpClient http, HttpRequest.Builder request, int expected)
    {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException("%s %s answered %s: %s".formatted(response.request().method(), response.request().uri(), response.statusCode(), response.body()));
            }
            return response.body();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
