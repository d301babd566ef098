package io.hotellambda.booking;

import com.fasterxml.jackson.databind.JsonNode;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.TestingLocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.hotellambda.booking.TestViewIngestion.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(TestingLocalStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestHotelCatalog
{
    private TestingBookingApp booking;
    private Optional<String> admin;

    @BeforeAll
    void start(LocalStack stack)
    {
        booking = new TestingBookingApp(stack);
        admin = Optional.of(booking.adminToken());
    }

    @AfterAll
    void stop()
    {
        booking.close();
    }

    @Test
    void adminCreatesAndAnyoneReadsAHotel()
    {
        TestingBookingApp.Response created = booking.send("POST", "/v1/hotels", """
                {"name": "Grand Hotel Krasnapolsky", "city": "Amsterdam", "country": "NL", "address": "Dam 9", "star_rating": 5,
                 "amenities": ["Spa", "wifi", "wifi"], "image_urls": ["https://img.example.org/krasnapolsky.jpg"]}
                """, admin);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.header("Location")).hasValue("/v1/hotels/" + id);

        JsonNode hotel = booking.get("/v1/hotels/" + id, Map.of()).json();
        assertThat(hotel.get("name").asText()).isEqualTo("Grand Hotel Krasnapolsky");
        assertThat(hotel.get("country").asText()).isEqualTo("NL");
        assertThat(hotel.get("star_rating").asInt()).isEqualTo(5);
        assertThat(texts(hotel.get("amenities"))).containsExactly("spa", "wifi");
        assertThat(texts(hotel.get("image_urls"))).containsExactly("https://img.example.org/krasnapolsky.jpg");
        assertThat(hotel.get("is_active").asBoolean()).isTrue();
        assertThat(hotel.get("room_types")).isEmpty();
        assertThat(hotel.get("created_at").asText()).endsWith("Z");
    }

    @Test
    void writesNeedAToken()
    {
        long hotel = booking.createHotel("No Token Inn", "Utrecht", 2);
        String body = hotelBody("Renamed", "Utrecht", 2);

        TestingBookingApp.Response anonymous = booking.send("PUT", "/v1/hotels/" + hotel, body, Optional.empty());
        assertProblem(anonymous, 401, "this request needs a bearer token");
        assertThat(anonymous.header("WWW-Authenticate")).hasValue("Bearer");

        assertProblem(booking.send("PUT", "/v1/hotels/" + hotel, body, Optional.of("hl_not-a-real-token")), 401, "unknown or revoked");
        assertProblem(booking.send("POST", "/v1/hotels", body, Optional.empty()), 401, "needs a bearer token");
    }

    @Test
    void staffTokenIsScopedToItsHotel()
    {
        long hotelA = booking.createHotel("Hotel A", "Leiden", 3);
        long hotelB = booking.createHotel("Hotel B", "Leiden", 3);
        String staffA = staffToken(hotelA);

        TestingBookingApp.Response ownHotel = booking.send("PUT", "/v1/hotels/" + hotelA, hotelBody("Hotel A Renovated", "Leiden", 4), Optional.of(staffA));
        assertThat(ownHotel.status()).as(ownHotel.toString()).isEqualTo(200);
        assertThat(ownHotel.json().get("name").asText()).isEqualTo("Hotel A Renovated");
        assertThat(ownHotel.json().get("star_rating").asInt()).isEqualTo(4);

        assertProblem(booking.send("PUT", "/v1/hotels/" + hotelB, hotelBody("Hijacked", "Leiden", 1), Optional.of(staffA)), 403, "this token may not modify hotel[%s]".formatted(hotelB));
        assertProblem(booking.send("POST", "/v1/hotels/%s/room-types".formatted(hotelB), roomTypeBody("Suite", 2, 10000, 20000), Optional.of(staffA)), 403, "may not modify hotel");
        assertProblem(booking.send("POST", "/v1/hotels", hotelBody("Staff Made", "Leiden", 3), Optional.of(staffA)), 403, "only an admin token");
        assertThat(booking.get("/v1/hotels/" + hotelB, Map.of()).json().get("name").asText()).isEqualTo("Hotel B");
    }

    @Test
    void anAdminListsAndRevokesStaffTokensAndARevokedTokenIsRefusedAtOnce()
    {
        long hotel = booking.createHotel("Hotel Revoke", "Delft", 3);
        TestingBookingApp.Response issued = booking.send("POST", "/v1/hotels/%s/staff-tokens".formatted(hotel), "{\"label\": \"night desk\"}", admin);
        long tokenId = issued.json().get("id").asLong();
        assertThat(issued.header("Location")).contains("/v1/hotels/%s/staff-tokens/%s".formatted(hotel, tokenId));
        String token = issued.json().get("token").asText();
        String other = staffToken(hotel);
        assertThat(booking.send("PUT", "/v1/hotels/" + hotel, hotelBody("Hotel Revoke", "Delft", 4), Optional.of(token)).status()).isEqualTo(200);

        TestingBookingApp.Response listed = booking.send("GET", "/v1/hotels/%s/staff-tokens".formatted(hotel), null, admin);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().get("staff_tokens").findValuesAsText("label")).containsExactly("front desk", "night desk");
        assertThat(listed.body()).doesNotContain(token).doesNotContain("token_sha256");
        assertProblem(booking.send("GET", "/v1/hotels/%s/staff-tokens".formatted(hotel), null, Optional.of(token)), 403, "only an admin token");
        assertProblem(booking.send("DELETE", "/v1/hotels/%s/staff-tokens/%s".formatted(hotel, tokenId), null, Optional.of(token)), 403, "only an admin token");

        TestingBookingApp.Response revoked = booking.send("DELETE", "/v1/hotels/%s/staff-tokens/%s".formatted(hotel, tokenId), null, admin);
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(revoked.json().get("revoked_at").isNull()).isFalse();
        assertProblem(booking.send("PUT", "/v1/hotels/" + hotel, hotelBody("Hotel Revoke", "Delft", 2), Optional.of(token)), 401, "unknown or revoked");
        assertThat(booking.send("PUT", "/v1/hotels/" + hotel, hotelBody("Hotel Revoke", "Delft", 2), Optional.of(other)).status()).isEqualTo(200);
        assertThat(booking.send("DELETE", "/v1/hotels/%s/staff-tokens/%s".formatted(hotel, tokenId), null, admin).status()).as("revoking twice changes nothing").isEqualTo(200);
        long otherHotel = booking.createHotel("Hotel Elsewhere", "Delft", 3);
        assertProblem(booking.send("DELETE", "/v1/hotels/%s/staff-tokens/%s".formatted(otherHotel, tokenId), null, admin), 404, "StaffToken[%s] for hotel[%s] not found".formatted(tokenId, otherHotel));
    }

    @Test
    void roomTypesAreCreatedAndReplacedByStaff()
    {
        long hotel = booking.createHotel("Room Hotel", "Delft", 3);
        String staff = staffToken(hotel);

        TestingBookingApp.Response created = booking.send("POST", "/v1/hotels/%s/room-types".formatted(hotel), roomTypeBody("Double", 2, 9000, 15000), Optional.of(staff));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long roomType = created.json().get("id").asLong();

        TestingBookingApp.Response replaced = booking.send("PUT", "/v1/hotels/%s/room-types/%s".formatted(hotel, roomType), roomTypeBody("Double Deluxe", 3, 11000, 18000), Optional.of(staff));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);

        JsonNode roomTypes = booking.get("/v1/hotels/%s/room-types".formatted(hotel), Map.of()).json().get("room_types");
        assertThat(roomTypes).hasSize(1);
        assertThat(roomTypes.get(0).get("name").asText()).isEqualTo("Double Deluxe");
        assertThat(roomTypes.get(0).get("capacity").asInt()).isEqualTo(3);
        assertThat(roomTypes.get(0).get("quantity").asInt()).isEqualTo(12);
        assertThat(roomTypes.get(0).get("price_min_cents").asLong()).isEqualTo(11000);
        assertThat(roomTypes.get(0).get("price_max_cents").asLong()).isEqualTo(18000);

        assertProblem(booking.send("POST", "/v1/hotels/%s/room-types".formatted(hotel), roomTypeBody("Double Deluxe", 2, 100, 200), Optional.of(staff)), 409, "already exists");
        assertProblem(booking.send("POST", "/v1/hotels/%s/room-types".formatted(hotel), roomTypeBody("Cheap", 2, 5000, 100), Optional.of(staff)), 400, "field[price_max_cents] 100 must not be below price_min_cents 5000");
        assertProblem(booking.send("PUT", "/v1/hotels/%s/room-types/999999".formatted(hotel), roomTypeBody("Ghost", 2, 100, 200), Optional.of(staff)), 404, "RoomType[999999] for hotel[%s] not found".formatted(hotel));
    }

    @Test
    void searchFiltersByCityStarsAndAmenities()
    {
        long spa = booking.createHotel("Spa Palace", "Haarlem", 5, "spa", "pool");
        long budget = booking.createHotel("Budget Stay", "haarlem", 2, "wifi");
        long pool = booking.createHotel("Pool Place", "Haarlem", 4, "pool");
        booking.createHotel("Elsewhere", "Zwolle", 5, "spa");

        assertThat(ids(booking.get("/v1/hotels?city=Haarlem", Map.of()))).containsExactly(spa, budget, pool);
        assertThat(ids(booking.get("/v1/hotels?city=HAARLEM&min_stars=4", Map.of()))).containsExactly(spa, pool);
        assertThat(ids(booking.get("/v1/hotels?city=Haarlem&stars=2", Map.of()))).containsExactly(budget);
        assertThat(ids(booking.get("/v1/hotels?city=Haarlem&amenity=pool", Map.of()))).containsExactly(spa, pool);
        assertThat(ids(booking.get("/v1/hotels?city=Haarlem&amenity=pool&amenity=spa", Map.of()))).containsExactly(spa);

        TestingBookingApp.Response firstPage = booking.get("/v1/hotels?city=Haarlem&limit=2", Map.of());
        assertThat(ids(firstPage)).containsExactly(spa, budget);
        long after = firstPage.json().get("next_after").asLong();
        assertThat(ids(booking.get("/v1/hotels?city=Haarlem&limit=2&after=" + after, Map.of()))).containsExactly(pool);

        assertProblem(booking.get("/v1/hotels?stars=9", Map.of()), 400, "query parameter[stars] must be 1 to 5, got 9");
        assertProblem(booking.get("/v1/hotels?limit=ten", Map.of()), 400, "query parameter[limit]='ten' must be an integer");
        assertProblem(booking.get("/v1/hotels?limit=1000", Map.of()), 400, "query parameter[limit] must be 1 to 100");
        assertProblem(booking.get("/v1/hotels?city=Haarlem&min_star=4", Map.of()), 400, "unknown query parameter[min_star]; known parameters: [city, stars, min_stars, amenity, limit, after]");
        assertProblem(booking.get("/v1/hotels?city=Haarlem&city=Gouda", Map.of()), 400, "query parameter city is given 2 times");
    }

    @Test
    void deactivatedHotelIsHiddenAndTakesNoViews()
    {
        long hotel = booking.createHotel("Closing Soon", "Gouda", 3);
        String staff = staffToken(hotel);

        assertThat(booking.send("DELETE", "/v1/hotels/" + hotel, null, Optional.of(staff)).status()).isEqualTo(204);

        assertProblem(booking.get("/v1/hotels/" + hotel, Map.of()), 404, "Hotel[%s] not found".formatted(hotel));
        assertThat(ids(booking.get("/v1/hotels?city=Gouda", Map.of()))).isEmpty();
        assertProblem(booking.post("/v1/views", "{\"hotel_id\": %s, \"viewer_id\": \"v\", \"country\": \"NL\", \"device\": \"mobile\"}".formatted(hotel)), 404, "not found");
        // its staff still sees it, to bring it back
        assertThat(booking.send("GET", "/v1/hotels/" + hotel, null, Optional.of(staff)).json().get("is_active").asBoolean()).isFalse();
    }

    @Test
    void invalidHotelsAreBadRequestsNamingTheField()
    {
        assertProblem(booking.send("POST", "/v1/hotels", hotelBody("Too Many Stars", "Breda", 6), admin), 400, "field[star_rating] must be 1 to 5, got 6");
        assertProblem(booking.send("POST", "/v1/hotels", "{\"name\": \"No City\", \"country\": \"NL\", \"address\": \"x\", \"star_rating\": 3}", admin), 400, "field[city] is required");
        assertProblem(booking.send("POST", "/v1/hotels", "{\"name\": \"Bad Country\", \"city\": \"Breda\", \"country\": \"Netherlands\", \"address\": \"x\", \"star_rating\": 3}", admin), 400, "field[country] must be an ISO 3166-1 alpha-2 code");
        assertProblem(booking.send("POST", "/v1/hotels", "{\"name\": \"Bad Image\", \"city\": \"Breda\", \"country\": \"NL\", \"address\": \"x\", \"star_rating\": 3, \"image_urls\": [\"javascript:alert(1)\"]}", admin), 400, "must be an absolute http(s) URL");
        assertProblem(booking.send("POST", "/v1/hotels", "{\"name\": \"Typo\", \"city\": \"Breda\", \"country\": \"NL\", \"address\": \"x\", \"star_rating\": 3, \"stars\": 3}", admin), 400, "unknown field[stars]");
        assertProblem(booking.get("/v1/hotels/abc", Map.of()), 400, "path parameter[id]='abc' must be a positive integer");
        assertProblem(booking.get("/v1/hotels/-3", Map.of()), 400, "path parameter[id]='-3' must be a positive integer");
        assertProblem(booking.get("/v1/hotels/424242424", Map.of()), 404, "Hotel[424242424] not found");
    }

    private String staffToken(long hotel)
    {
        TestingBookingApp.Response response = booking.send("POST", "/v1/hotels/%s/staff-tokens".formatted(hotel), "{\"label\": \"front desk\"}", admin);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.json().get("hotel_id").asLong()).isEqualTo(hotel);
        return response.json().get("token").asText();
    }

    private static String hotelBody(String name, String city, int stars)
    {
        return "{\"name\": \"%s\", \"city\": \"%s\", \"country\": \"NL\", \"address\": \"Main Street 1\", \"star_rating\": %s}".formatted(name, city, stars);
    }

    private static String roomTypeBody(String name, int capacity, long min, long max)
    {
        return "{\"name\": \"%s\", \"capacity\": %s, \"quantity\": 12, \"price_min_cents\": %s, \"price_max_cents\": %s}".formatted(name, capacity, min, max);
    }

    private static List<Long> ids(TestingBookingApp.Response response)
    {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        response.json().get("hotels").forEach(hotel -> ids.add(hotel.get("id").asLong()));
        return ids;
    }

    private static List<String> texts(JsonNode array)
    {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
