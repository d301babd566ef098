package io.hotellambda.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Creates a few hotels with room types (and so a year of nights on sale) through booking-app's API, once: the quickstart's demo data. */
final class SampleHotels
{
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    /** One sample hotel; {@code price} is its double room's base price in cents, the suite's is twice it. */
    private record Sample(String name, String city, String country, String address, int stars, String zone, String currency, List<String> amenities,
            String description, long price)
    {
        String json()
        {
            return """
                    {"name": "%s", "city": "%s", "country": "%s", "address": "%s", "star_rating": %s, "time_zone": "%s", "currency": "%s", "amenities": [%s], "description": "%s"}"""
                    .formatted(name, city, country, address, stars, zone, currency,
                            String.join(", ", amenities.stream().map(tag -> "\"" + tag + "\"").toList()), description);
        }

        /** {@code autoPricedSuite}: the suite's nightly prices follow the nightly suggestions. */
        List<String> roomTypes(boolean autoPricedSuite)
        {
            return List.of("""
                    {"name": "Standard Double", "capacity": 2, "quantity": 20, "price_min_cents": %s, "price_max_cents": %s, "base_price_cents": %s, "overbooking_percent": 110}"""
                            .formatted(price / 2, price * 2, price),
                    """
                    {"name": "Family Suite", "capacity": 4, "quantity": 5, "price_min_cents": %s, "price_max_cents": %s, "base_price_cents": %s, "overbooking_percent": 100,
                     "auto_pricing": %s}"""
                            .formatted(price, price * 4, price * 2, autoPricedSuite));
        }
    }

    // the first five are the hotels the loops use (ids 1 to 5 on a fresh platform); the rest make search worth trying:
    // cities with accents (Zürich, München, Kraków, Reykjavík), look-alikes (Den Haag and Den Helder, Amsterdam and Amstelveen)
    private static final List<Sample> HOTELS = List.of(
            new Sample("Canal House Amsterdam", "Amsterdam", "NL", "Keizersgracht 148", 4, "Europe/Amsterdam", "EUR", List.of("wifi", "breakfast", "canal-view"),
                    "A seventeenth-century merchant's house on the Keizersgracht canal, ten minutes' walk from the Jordaan.", 12900),
            new Sample("Hotel Dam Square", "Amsterdam", "NL", "Dam 9", 5, "Europe/Amsterdam", "EUR", List.of("wifi", "spa", "gym", "restaurant"),
                    "Grand hotel on Dam Square with a spa, opposite the Royal Palace.", 24900),
            new Sample("Harbour Inn", "Rotterdam", "NL", "Wilhelminakade 1", 3, "Europe/Amsterdam", "EUR", List.of("wifi", "parking"),
                    "Rooms over the Maas harbour beside the Erasmus bridge.", 9900),
            new Sample("Gendarmenmarkt Hof", "Berlin", "DE", "Markgrafenstrasse 36", 4, "Europe/Berlin", "EUR", List.of("wifi", "bar"),
                    "Quiet courtyard rooms off the Gendarmenmarkt, near Museum Island.", 13900),
            new Sample("Rive Gauche", "Paris", "FR", "12 Rue Jacob", 3, "Europe/Paris", "EUR", List.of("wifi", "breakfast"),
                    "A small hotel in Saint-Germain-des-Prés, breakfast in the garden.", 15900),
            new Sample("Jordaan Lofts", "Amsterdam", "NL", "Westerstraat 50", 3, "Europe/Amsterdam", "EUR", List.of("wifi", "kitchen"),
                    "Loft apartments above the Westerstraat market, bicycles for rent.", 10900),
            new Sample("Museum Quarter Suites", "Amsterdam", "NL", "Van Baerlestraat 27", 4, "Europe/Amsterdam", "EUR", List.of("wifi", "breakfast", "gym"),
                    "Suites beside the Rijksmuseum and the Concertgebouw.", 17900),
            new Sample("Amstel Park Hotel", "Amstelveen", "NL", "Keizer Karelweg 1", 3, "Europe/Amsterdam", "EUR", List.of("wifi", "parking"),
                    "Beside the Amsterdamse Bos, twenty minutes from the city by tram.", 8900),
            new Sample("Binnenhof Residence", "Den Haag", "NL", "Lange Vijverberg 5", 5, "Europe/Amsterdam", "EUR", List.of("wifi", "restaurant", "spa"),
                    "Overlooking the Hofvijver pond and parliament; the beach at Scheveningen is a tram ride away.", 21900),
            new Sample("Scheveningen Beach Hotel", "Den Haag", "NL", "Strandweg 1", 4, "Europe/Amsterdam", "EUR", List.of("wifi", "beachfront", "restaurant"),
                    "Beachfront rooms with a view of the North Sea and the pier.", 14900),
            new Sample("Dune Lodge", "Den Helder", "NL", "Duinweg 3", 2, "Europe/Amsterdam", "EUR", List.of("wifi", "beachfront", "parking"),
                    "Simple rooms behind the dunes, by the ferry to Texel.", 7900),
            new Sample("Dom Tower Inn", "Utrecht", "NL", "Domplein 4", 3, "Europe/Amsterdam", "EUR", List.of("wifi", "breakfast"),
                    "Under the Dom tower, by the wharf cellars of the Oudegracht canal.", 11900),
            new Sample("Spree Riverside", "Berlin", "DE", "Holzmarktstrasse 10", 3, "Europe/Berlin", "EUR", List.of("wifi", "bar", "river-view"),
                    "On the Spree by the East Side Gallery.", 10900),
            new Sample("Hotel am Viktualienmarkt", "München", "DE", "Frauenstrasse 4", 4, "Europe/Berlin", "EUR", List.of("wifi", "breakfast"),
                    "On the Viktualienmarkt, five minutes from Marienplatz.", 16900),
            new Sample("Englischer Garten Haus", "München", "DE", "Königinstrasse 2", 5, "Europe/Berlin", "EUR", List.of("wifi", "spa", "gym"),
                    "A villa by the English Garden with its own spa.", 26900),
            new Sample("Seeblick Zürich", "Zürich", "CH", "Utoquai 5", 5, "Europe/Zurich", "CHF", List.of("wifi", "lake-view", "spa"),
                    "Lakefront rooms with a view of the Alps from the Utoquai.", 32900),
            new Sample("Altstadt Pension", "Zürich", "CH", "Niederdorfstrasse 8", 2, "Europe/Zurich", "CHF", List.of("wifi"),
                    "A plain pension in the old town's lanes.", 12900),
            new Sample("Le Marais Boutique", "Paris", "FR", "8 Rue des Rosiers", 4, "Europe/Paris", "EUR", List.of("wifi", "bar"),
                    "Boutique rooms in the Marais, near the Place des Vosges.", 19900),
            new Sample("Vieux Lyon Maison", "Lyon", "FR", "3 Rue Saint-Jean", 3, "Europe/Paris", "EUR", List.of("wifi", "breakfast"),
                    "Renaissance house in Vieux Lyon with traboules to explore.", 11900),
            new Sample("Barceloneta Beach Rooms", "Barcelona", "ES", "Passeig Maritim 12", 3, "Europe/Madrid", "EUR", List.of("wifi", "beachfront"),
                    "Beachfront rooms on the Barceloneta promenade.", 13900),
            new Sample("Gothic Quarter Palau", "Barcelona", "ES", "Carrer del Bisbe 2", 5, "Europe/Madrid", "EUR", List.of("wifi", "spa", "pool"),
                    "A palace hotel in the Gothic Quarter with a rooftop pool.", 28900),
            new Sample("Alfama Terrace", "Lisboa", "PT", "Rua de São Miguel 9", 3, "Europe/Lisbon", "EUR", List.of("wifi", "breakfast", "river-view"),
                    "Terraces over the Tagus in the Alfama, fado next door.", 9900),
            new Sample("Kazimierz House", "Kraków", "PL", "ul. Szeroka 6", 3, "Europe/Warsaw", "PLN", List.of("wifi", "breakfast"),
                    "A townhouse in the Kazimierz district, near the Main Square.", 32900),
            new Sample("Harpa Harbour Hotel", "Reykjavík", "IS", "Austurbakki 2", 4, "Atlantic/Reykjavik", "ISK", List.of("wifi", "sea-view"),
                    "By the Harpa concert hall on the old harbour.", 34900));

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
        List<String> created = new ArrayList<>();
        for (Sample hotel : HOTELS) {
            Matcher id = ID.matcher(send(http, post(base + "/v1/hotels", hotel.json(), adminToken), 201));
            id.find();
            // the first hotel's suite is priced automatically: the loop shows the nightly suggestions applied
            for (String roomType : hotel.roomTypes(hotel == HOTELS.get(0))) {
                send(http, post(base + "/v1/hotels/%s/room-types".formatted(id.group(1)), roomType, adminToken), 201);
            }
            created.add("%s %s (%s)".formatted(id.group(1), hotel.name(), hotel.city()));
        }
        lines.add("%s hotels in %s cities, each with a double room and a family suite on sale for a year (the first one's suite priced automatically):".formatted(HOTELS.size(),
                HOTELS.stream().map(Sample::city).distinct().count()));
        for (int i = 0; i < created.size(); i += 4) {
            lines.add("  " + String.join(", ", created.subList(i, Math.min(i + 4, created.size()))));
        }
        return lines;
    }

    /** The ids of the catalog's first {@code limit} hotels, in the catalog's order: the sample hotels, on a fresh platform. */
    static List<Long> ids(String base, int limit)
    {
        return List.copyOf(forHistory(base, limit).keySet());
    }

    /** As {@link #ids}, each with the currency the hotel sells in. */
    /** The catalog's first {@code limit} hotels, each with its currency and its first room type: what the sample history books. */
    static Map<Long, SampleHistory.Hotel> forHistory(String base, int limit)
    {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ObjectMapper json = new ObjectMapper();
        Map<Long, SampleHistory.Hotel> hotels = new LinkedHashMap<>();
        try {
            for (JsonNode hotel : json.readTree(send(http, HttpRequest.newBuilder(URI.create(base + "/v1/hotels?limit=" + limit)).GET(), 200)).get("hotels")) {
                long id = hotel.get("id").asLong();
                JsonNode roomTypes = json.readTree(send(http, HttpRequest.newBuilder(URI.create(base + "/v1/hotels/%s/room-types".formatted(id))).GET(), 200));
                hotels.put(id, new SampleHistory.Hotel(hotel.get("currency").asText(), roomTypes.get("room_types").get(0).get("id").asLong()));
            }
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("booking-app's hotels are not JSON", e);
        }
        return hotels;
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
