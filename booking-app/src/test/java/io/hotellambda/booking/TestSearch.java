package io.hotellambda.booking;

import com.fasterxml.jackson.databind.JsonNode;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.TestingClock;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;

import static io.hotellambda.booking.TestReservations.START;
import static io.hotellambda.booking.TestReservations.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/search} on real PostgreSQL (pg_trgm, unaccent, full text) and Kafka: typos and
 * accents, availability that follows holds and their expiry, the stay's nightly prices, paging
 * while holds are taken, one {@code search_performed} per search with what was asked and shown,
 * and bad input. No serving layer runs here: search says it ranked without popularity.
 */
@ExtendWith(TestingLocalStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestSearch
{
    private final TestingClock clock = new TestingClock(START);
    private TestingBookingApp booking;
    private TestingReservations api;
    private TestingKafkaReader searchEvents;
    private final Map<String, Long> hotels = new LinkedHashMap<>();

    @BeforeAll
    void start(LocalStack stack)
    {
        booking = new TestingBookingApp(stack, clock, Duration.ofMillis(50));
        api = new TestingReservations(booking);
        searchEvents = new TestingKafkaReader(stack, Topics.SEARCH_EVENTS);
        // look-alike cities and names around each intended hotel
        hotel("Canal House", "Amsterdam", 4, "A narrow merchant's house on the Herengracht canal.");
        hotel("Harbour Hotel", "Rotterdam", 4, "Rooms over the Maas.");
        hotel("Amstel Lodge", "Amstelveen", 3, "Near the Amsterdamse Bos.");
        hotel("Lake View", "Zürich", 5, "On the lake shore, with a view of the Alps.");
        hotel("Zug Inn", "Zug", 3, "An old inn.");
        hotel("Binnenhof Suites", "Den Haag", 4, "Beside parliament.");
        hotel("Dune Hotel", "Den Helder", 2, "Behind the dunes.");
        hotel("Canal Garden", "Utrecht", 3, "A garden on the Oudegracht.");
    }

    @AfterAll
    void stop()
    {
        searchEvents.close();
        booking.close();
    }

    @Test
    void typosAndAccentsFindTheIntendedHotelFirst()
    {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("city=Amsterdm", "Canal House");
        cases.put("city=" + encode("amsterdam "), "Canal House");
        cases.put("city=AMSTERDAM", "Canal House");
        cases.put("city=Zurich", "Lake View");
        cases.put("city=" + encode("Zürich"), "Lake View");
        cases.put("q=Zurich", "Lake View");
        cases.put("city=" + encode("Den Hag"), "Binnenhof Suites");
        cases.put("q=" + encode("Den Hag"), "Binnenhof Suites");
        cases.put("q=" + encode("Canal Hous"), "Canal House");
        cases.put("q=" + encode("binenhof suits"), "Binnenhof Suites");
        cases.put("q=herengracht", "Canal House");
        cases.put("q=" + encode("view of the alps"), "Lake View");
        cases.forEach((query, intended) -> {
            JsonNode answer = search(query);
            assertThat(answer.get("hotels")).as(query).isNotEmpty();
            assertThat(answer.get("hotels").get(0).get("name").asText()).as(query + " → " + answer).isEqualTo(intended);
        });
        // a city resolves to the closest catalog city only: Amsterdam's search shows no Amstelveen,
        // Rotterdam or Utrecht hotel, and Den Haag's no Den Helder one
        assertThat(names(search("city=Amsterdm"))).containsExactly("Canal House");
        assertThat(names(search("city=" + encode("Den Hag")))).containsExactly("Binnenhof Suites");
        assertThat(names(search("city=Zurich&q=lake"))).containsExactly("Lake View");
        assertThat(names(search("city=Nowhereville"))).isEmpty();
    }

    @Test
    void aHotelDisappearsWhileItsLastRoomIsHeldForOneNightAndComesBackWhenTheHoldExpires()
    {
        long hotel = booking.createHotel("Last Room Inn", "Gouda", 3);
        long roomType = api.roomType(hotel, 1, 100);
        LocalDate checkIn = TODAY.plusDays(10);
        String dated = "city=Gouda&check_in=%s&check_out=%s".formatted(checkIn, checkIn.plusDays(3));
        JsonNode before = search(dated);
        assertThat(names(before)).containsExactly("Last Room Inn");
        assertThat(before.get("sold_out").asBoolean()).isFalse();
        JsonNode offer = before.get("hotels").get(0).get("offer");
        assertThat(offer.get("room_type_id").asLong()).isEqualTo(roomType);
        assertThat(offer.get("total_cents").asLong()).isEqualTo(3 * 10_000);

        // the middle night's only room is held
        String guest = api.guest();
        TestingBookingApp.Response hold = api.reserve(guest, hotel, roomType, checkIn.plusDays(1), checkIn.plusDays(2), 1);
        assertThat(hold.status()).as(hold.toString()).isEqualTo(201);
        JsonNode during = search(dated);
        assertThat(names(during)).isEmpty();
        assertThat(during.get("sold_out").asBoolean()).isTrue();
        assertThat(during.get("result_count").asInt()).isZero();
        // other dates, and the undated search, still show it
        assertThat(names(search("city=Gouda&check_in=%s&check_out=%s".formatted(checkIn.plusDays(2), checkIn.plusDays(4))))).containsExactly("Last Room Inn");
        assertThat(names(search("city=Gouda"))).containsExactly("Last Room Inn");

        clock.advance(Duration.ofMinutes(11));
        TestingReservations.await(() -> names(search(dated)).equals(List.of("Last Room Inn")), "the expired hold to give the room back to search");
        assertThat(search(dated).get("sold_out").asBoolean()).isFalse();
    }

    @Test
    void thePriceFilterUsesTheStaysNightlyPrices()
    {
        long hotel = booking.createHotel("Price Hotel", "Leiden", 3);
        long roomType = api.roomType(hotel, 5, 100);
        LocalDate festival = TODAY.plusDays(20);
        TestingBookingApp.Response priced = booking.send("PUT", "/v1/hotels/%s/room-types/%s/inventory?from=%s&to=%s".formatted(hotel, roomType, festival, festival.plusDays(2)),
                "{\"price_cents\": 30000}", Optional.of(booking.adminToken()));
        assertThat(priced.status()).as(priced.toString()).isEqualTo(200);
        String festivalStay = "city=Leiden&check_in=%s&check_out=%s".formatted(festival, festival.plusDays(2));
        String quietStay = "city=Leiden&check_in=%s&check_out=%s".formatted(festival.plusDays(5), festival.plusDays(7));

        assertThat(names(search(festivalStay + "&max_price=20000"))).isEmpty();
        assertThat(search(festivalStay + "&max_price=20000").get("sold_out").asBoolean()).as("rooms are free, only too dear").isFalse();
        assertThat(names(search(quietStay + "&max_price=20000"))).containsExactly("Price Hotel");
        JsonNode dear = search(festivalStay + "&min_price=25000&max_price=30000");
        assertThat(names(dear)).containsExactly("Price Hotel");
        JsonNode offer = dear.get("hotels").get(0).get("offer");
        assertThat(offer.get("night_prices_cents")).extracting(JsonNode::asLong).containsExactly(30_000L, 30_000L);
        assertThat(offer.get("nightly_cents").asLong()).isEqualTo(30_000);
        assertThat(offer.get("total_cents").asLong()).isEqualTo(60_000);
        // one dear night and one cheap: the average, 20000, is what the range is held against
        JsonNode mixed = search("city=Leiden&check_in=%s&check_out=%s&rooms=2&min_price=20000&max_price=20000".formatted(festival.plusDays(1), festival.plusDays(3)));
        assertThat(names(mixed)).containsExactly("Price Hotel");
        assertThat(mixed.get("hotels").get(0).get("offer").get("total_cents").asLong()).isEqualTo(2 * (30_000 + 10_000));
        // undated, the base price
        assertThat(names(search("city=Leiden&max_price=10000"))).containsExactly("Price Hotel");
        assertThat(names(search("city=Leiden&min_price=10001"))).isEmpty();
    }

    @Test
    void pagingReturnsEveryMatchingHotelExactlyOnceWhileHoldsAreTaken()
            throws Exception
    {
        List<Long> delft = new ArrayList<>();
        List<Long> roomTypes = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            long hotel = booking.createHotel("Delft Stay " + i, "Delft", 1 + i % 5);
            delft.add(hotel);
            roomTypes.add(roomType(hotel, 4, 8_000 + (i * 7_919) % 20_000));
        }
        LocalDate checkIn = TODAY.plusDays(30);
        String guest = api.guest();
        ExecutorService holders = Executors.newSingleThreadExecutor();
        AtomicBoolean paging = new AtomicBoolean(true);
        AtomicInteger holds = new AtomicInteger();
        Future<?> holding = holders.submit(() -> {
            // three of each hotel's four rooms, one hold at a time, while the pages are read
            for (int round = 0; round < 3 && paging.get(); round++) {
                for (int i = 0; i < delft.size() && paging.get(); i++) {
                    if (api.reserve(guest, delft.get(i), roomTypes.get(i), checkIn, checkIn.plusDays(2), 1).status() == 201) {
                        holds.incrementAndGet();
                    }
                }
            }
        });
        try {
            for (String sort : List.of("relevance", "price", "stars", "popularity")) {
                List<Long> seen = new ArrayList<>();
                String after = null;
                int pages = 0;
                do {
                    JsonNode page = search("city=Delft&check_in=%s&check_out=%s&limit=4&sort=%s%s".formatted(checkIn, checkIn.plusDays(2), sort,
                            after == null ? "" : "&after=" + after));
                    page.get("hotels").forEach(hotel -> seen.add(hotel.get("id").asLong()));
                    after = page.get("next_after").isNull() ? null : page.get("next_after").asText();
                    pages++;
                }
                while (after != null && pages < 50);
                assertThat(seen).as(sort).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(delft);
                assertThat(pages).isEqualTo(6);
                if (sort.equals("price")) {
                    List<Long> prices = seen.stream().map(id -> 8_000L + (delft.indexOf(id) * 7_919L) % 20_000).toList();
                    assertThat(prices).isSorted();
                }
            }
        }
        finally {
            paging.set(false);
            holding.get();
            holders.shutdown();
        }
        assertThat(holds.get()).as("holds were taken while paging").isPositive();
    }

    @Test
    void everySearchIsOneEventWithWhatWasAskedAndShown()
    {
        for (int i = 0; i < 3; i++) {
            api.roomType(booking.createHotel("Schiedam Stay " + i, "Schiedam", 2), 2, 100);
        }
        Map<TopicPartition, Long> mark = searchEvents.mark();
        String viewer = "viewer-" + UUID.randomUUID();
        List<String> queries = new ArrayList<>(List.of(
                "city=Amsterdm",
                "q=Zurich&min_stars=4&amenity=wifi",
                "city=Gouda&check_in=%s&check_out=%s&rooms=1&guests=2&min_price=5000&max_price=50000&sort=price".formatted(TODAY.plusDays(50), TODAY.plusDays(52)),
                "city=Nowhereville&check_in=%s&check_out=%s".formatted(TODAY.plusDays(3), TODAY.plusDays(4)),
                "city=Schiedam&limit=2&stars=2"));
        List<JsonNode> answers = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            answers.add(search(queries.get(i), Map.of("X-Viewer-Id", viewer + "-" + i)));
        }
        // and the second page
        queries.add("city=Schiedam&limit=2&stars=2&after=" + answers.get(4).get("next_after").asText());
        answers.add(search(queries.get(5), Map.of("X-Viewer-Id", viewer + "-5")));

        Map<String, JsonNode> events = new LinkedHashMap<>();
        for (JsonNode event : ours(searchEvents.readUntil(mark, records -> ours(records, viewer).size() >= queries.size(), Duration.ofSeconds(30)), viewer)) {
            assertThat(events.put(event.get("searcher_id").asText(), event)).as("one event per search").isNull();
        }
        assertThat(events).hasSize(queries.size());
        for (int i = 0; i < queries.size(); i++) {
            JsonNode event = events.get(viewer + "-" + i);
            JsonNode answer = answers.get(i);
            List<Long> shown = StreamSupport.stream(answer.get("hotels").spliterator(), false).map(hotel -> hotel.get("id").asLong()).toList();
            assertThat(event.get("shown_hotel_ids")).extracting(JsonNode::asLong).as(queries.get(i)).containsExactlyElementsOf(shown);
            assertThat(event.get("result_count").asInt()).as(queries.get(i)).isEqualTo(answer.get("result_count").asInt());
            assertThat(event.get("sold_out").asBoolean()).as(queries.get(i)).isEqualTo(answer.get("sold_out").asBoolean());
            assertThat(event.get("first_page").asBoolean()).as(queries.get(i)).isEqualTo(i != 5);
        }
        JsonNode amsterdam = events.get(viewer + "-0");
        assertThat(amsterdam.get("city").asText()).isEqualTo("amsterdam");
        assertThat(amsterdam.get("sort").asText()).isEqualTo("relevance");
        JsonNode zurich = events.get(viewer + "-1");
        assertThat(zurich.get("city").asText()).isEqualTo("*");
        assertThat(zurich.get("query").asText()).isEqualTo("Zurich");
        assertThat(zurich.get("min_stars").asInt()).isEqualTo(4);
        assertThat(zurich.get("amenities")).extracting(JsonNode::asText).containsExactly("wifi");
        JsonNode gouda = events.get(viewer + "-2");
        assertThat(gouda.get("check_in").asText()).isEqualTo(TODAY.plusDays(50).toString());
        assertThat(gouda.get("check_out").asText()).isEqualTo(TODAY.plusDays(52).toString());
        assertThat(gouda.get("rooms").asInt()).isEqualTo(1);
        assertThat(gouda.get("guests").asInt()).isEqualTo(2);
        assertThat(gouda.get("min_price_cents").asLong()).isEqualTo(5000);
        assertThat(gouda.get("max_price_cents").asLong()).isEqualTo(50000);
        assertThat(gouda.get("sort").asText()).isEqualTo("price");
        JsonNode nowhere = events.get(viewer + "-3");
        assertThat(nowhere.get("city").asText()).isEqualTo("nowhereville");
        assertThat(nowhere.get("result_count").asInt()).isZero();
        assertThat(nowhere.get("sold_out").asBoolean()).as("nothing matched: not sold out").isFalse();
        assertThat(events.get(viewer + "-4").get("stars").asInt()).isEqualTo(2);
        assertThat(events.get(viewer + "-4").get("shown_hotel_ids")).hasSize(2);
        assertThat(events.get(viewer + "-5").get("shown_hotel_ids")).hasSize(1);

        // a sold-out answer is an event that says so
        long hotel = booking.createHotel("Tiny Inn", "Edam", 3);
        long roomType = api.roomType(hotel, 1, 100);
        LocalDate night = TODAY.plusDays(60);
        assertThat(api.reserve(api.guest(), hotel, roomType, night, night.plusDays(1), 1).status()).isEqualTo(201);
        Map<TopicPartition, Long> soldOutMark = searchEvents.mark();
        String soldOutViewer = viewer + "-sold-out";
        assertThat(search("city=Edam&check_in=%s&check_out=%s".formatted(night, night.plusDays(1)), Map.of("X-Viewer-Id", soldOutViewer)).get("sold_out").asBoolean()).isTrue();
        List<JsonNode> soldOut = ours(searchEvents.readUntil(soldOutMark, records -> !ours(records, soldOutViewer).isEmpty(), Duration.ofSeconds(30)), soldOutViewer);
        assertThat(soldOut).singleElement().satisfies(event -> {
            assertThat(event.get("sold_out").asBoolean()).isTrue();
            assertThat(event.get("city").asText()).isEqualTo("edam");
        });
        assertThat(booking.get("/health", Map.of()).json().get("searches_unconfirmed").asLong()).isZero();
    }

    @Test
    void withoutTheServingLayerSearchAnswersRankedWithoutPopularityAndSaysSo()
    {
        JsonNode answer = search("city=Amsterdam");
        assertThat(answer.get("popularity").asText()).isEqualTo("unavailable");
        assertThat(answer.get("degraded").asBoolean()).isTrue();
        assertThat(answer.get("hotels").get(0).get("recent_views").isNull()).isTrue();
        assertThat(booking.get("/health", Map.of()).json().get("popularity_failures").asLong()).isPositive();
    }

    @Test
    void badInputIsAProblemNotAnAnswer()
    {
        LocalDate in = TODAY.plusDays(5);
        List<String> bad = List.of(
                "city=Delft&check_in=%s&check_out=%s".formatted(in, in.minusDays(2)),
                "city=Delft&check_in=%s&check_out=%s".formatted(in, in.plusDays(400)),
                "city=Delft&check_in=%s".formatted(in),
                "city=Delft&check_in=%s&check_out=%s".formatted(TODAY.minusDays(5), TODAY.minusDays(3)),
                "city=Delft&check_in=%s&check_out=%s".formatted(TODAY.plusYears(3), TODAY.plusYears(3).plusDays(2)),
                "city=Delft&check_in=yesterday&check_out=today",
                "city=Delft&min_price=30000&max_price=10000",
                "city=Delft&min_price=-1",
                "city=Delft&max_price=abc",
                "city=Delft&sort=cheapest",
                "city=Delft&limit=0",
                "city=Delft&limit=51",
                "city=Delft&stars=6",
                "city=Delft&rooms=0",
                "city=Delft&guests=100000",
                "city=Delft&amenity=" + encode("Wi Fi!"),
                "city=Delft&after=not-a-cursor",
                "city=Delft&sort=price&after=" + cursorFor("q=canal&limit=1"),
                "city=Delft&colour=blue",
                "city=Delft&city=Leiden",
                "city=" + "x".repeat(101),
                "city=" + "x".repeat(10 * 1024),
                "q=" + "y".repeat(300),
                "city=Del%00ft",
                "q=%00",
                "",
                "city=%20%20");
        for (String query : bad) {
            TestingBookingApp.Response response = booking.get("/v1/search?" + query, Map.of());
            assertThat(response.status()).as(abbreviate(query) + " → " + response).isBetween(400, 499);
            assertThat(response.contentType()).as(abbreviate(query)).startsWith("application/problem+json");
            assertThat(response.json().get("detail").asText()).as(abbreviate(query)).isNotBlank();
        }
        assertThat(booking.get("/health", Map.of()).json().get("unexpected_errors").asLong()).isZero();
    }

    private String cursorFor(String query)
    {
        return search(query).get("next_after").asText();
    }

    private static List<JsonNode> ours(List<ConsumerRecord<String, byte[]>> records, String viewer)
    {
        return records.stream().map(record -> TestingKafkaReader.parse(record.value()))
                .filter(event -> event.get("searcher_id").asText().startsWith(viewer))
                .toList();
    }

    private void hotel(String name, String city, int stars, String description)
    {
        TestingBookingApp.Response created = booking.send("POST", "/v1/hotels", """
                {"name": "%s", "city": "%s", "country": "NL", "address": "Main Street 1", "star_rating": %s, "amenities": ["wifi"], "description": "%s"}
                """.formatted(name, city, stars, description), Optional.of(booking.adminToken()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        hotels.put(name, id);
        api.roomType(id, 5, 110);
    }

    private long roomType(long hotel, int quantity, long priceCents)
    {
        TestingBookingApp.Response created = booking.send("POST", "/v1/hotels/%s/room-types".formatted(hotel), """
                {"name": "Double", "capacity": 2, "quantity": %s, "price_min_cents": 1000, "price_max_cents": 100000, "base_price_cents": %s, "overbooking_percent": 100}
                """.formatted(quantity, priceCents), Optional.of(booking.adminToken()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private JsonNode search(String query)
    {
        return search(query, Map.of());
    }

    private JsonNode search(String query, Map<String, String> headers)
    {
        TestingBookingApp.Response response = booking.get("/v1/search?" + query, headers);
        assertThat(response.status()).as(query + " → " + response).isEqualTo(200);
        return response.json();
    }

    private static List<String> names(JsonNode answer)
    {
        List<String> names = new ArrayList<>();
        answer.get("hotels").forEach(hotel -> names.add(hotel.get("name").asText()));
        return names;
    }

    private static String encode(String value)
    {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String value)
    {
        return value.length() > 80 ? value.substring(0, 80) + "..." : value;
    }
}
