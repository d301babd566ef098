package io.hotellambda.booking;

import io.hotellambda.http.HostileRequests;
import io.hotellambda.http.HostileRequests.Case;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.TestingLocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every booking-app endpoint against malformed, oversized and hostile input: each case gets its
 * 4xx problem, and none of them is an unexpected error (the only kind that logs a stack trace).
 */
@ExtendWith(TestingLocalStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestBadInput
{
    private TestingBookingApp booking;
    private long hotel;
    private long roomType;
    private String guest;

    @BeforeAll
    void start(LocalStack stack)
    {
        booking = new TestingBookingApp(stack);
        hotel = booking.createHotel("Hostile Inn", "Utrecht", 3);
        roomType = booking.send("POST", "/v1/hotels/%s/room-types".formatted(hotel), """
                {"name": "Double", "capacity": 2, "quantity": 5, "price_min_cents": 5000, "price_max_cents": 20000}
                """, Optional.of(booking.adminToken())).json().get("id").asLong();
        guest = booking.send("POST", "/v1/guests", "{\"email\": \"hostile@example.org\", \"name\": \"H\"}", Optional.empty()).json().get("token").asText();
    }

    @AfterAll
    void stop()
    {
        booking.close();
    }

    private List<Case> cases()
    {
        String admin = "Authorization: Bearer " + booking.adminToken();
        String view = "{\"hotel_id\": %s, \"viewer_id\": \"v\", \"country\": \"NL\", \"device\": \"mobile\"".formatted(hotel);
        String hotelBody = "{\"name\": \"%s\", \"city\": \"Utrecht\", \"country\": \"%s\", \"address\": \"Oudegracht 1\", \"star_rating\": 3}";
        String roomTypes = "/v1/hotels/%s/room-types".formatted(hotel);
        List<Case> cases = new ArrayList<>();
        cases.addAll(HostileRequests.generic("POST", "/v1/views", "/v1/hotels?city=Utrecht"));
        cases.addAll(HostileRequests.generic("POST", "/v1/views/batch", "/v1/hotels/" + hotel));
        cases.addAll(HostileRequests.generic("POST", "/v1/hotels", "/v1/hotels", admin));
        cases.addAll(HostileRequests.generic("PUT", "/v1/hotels/" + hotel, "/v1/hotels/" + hotel, admin));
        cases.addAll(HostileRequests.generic("POST", roomTypes, roomTypes, admin));
        cases.addAll(HostileRequests.generic("PUT", roomTypes + "/" + roomType, roomTypes, admin));
        cases.addAll(HostileRequests.generic("POST", "/v1/hotels/%s/staff-tokens".formatted(hotel), "/v1/hotels", admin));
        String inventory = roomTypes + "/" + roomType + "/inventory?from=2099-01-01&to=2099-01-02";
        cases.addAll(HostileRequests.generic("POST", "/v1/guests", "/v1/hotels/%s/availability?check_in=2099-01-01&check_out=2099-01-02".formatted(hotel)));
        cases.addAll(HostileRequests.generic("POST", "/v1/reservations", "/v1/reservations/" + java.util.UUID.randomUUID(),
                "Authorization: Bearer " + guest, "Idempotency-Key: hostile-" + java.util.UUID.randomUUID()));
        cases.addAll(HostileRequests.generic("PUT", inventory, inventory, admin));
        String settings = "/v1/hotels/%s/booking-settings".formatted(hotel);
        cases.addAll(HostileRequests.generic("PUT", settings, settings, admin));
        cases.addAll(HostileRequests.generic("POST", "/v1/payments/webhooks", "/v1/guests/me/reservations?limit=5", "Authorization: Bearer " + guest));
        cases.addAll(List.of(
                Case.json("a cancellation fee of 101%", "PUT", settings, "{\"cancellation_fee_percent\": 101}", 400, admin),
                Case.json("a fee basis that is not one", "PUT", settings, "{\"cancellation_fee_basis\": \"nights\"}", 400, admin),
                Case.json("a hotel e-mail with a space", "PUT", settings, "{\"email\": \"desk @hotel.example\"}", 400, admin),
                Case.json("an unsigned webhook", "POST", "/v1/payments/webhooks", "{\"id\": \"evt_1\"}", 400),
                Case.withHeaders("a webhook signed with garbage", "POST", "/v1/payments/webhooks", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), 400,
                        "Content-Type: application/json", "Sandbox-Signature: t=1,v1=zz"),
                Case.withHeaders("a page of 1,000", "GET", "/v1/guests/me/reservations?limit=1000", new byte[0], 400, "Authorization: Bearer " + guest),
                Case.withHeaders("a status that is not one", "GET", "/v1/hotels/%s/reservations?status=paid".formatted(hotel), new byte[0], 400, admin),
                Case.withHeaders("a stay range backwards", "GET", "/v1/hotels/%s/reservations?stay_from=2099-01-05&stay_to=2099-01-01".formatted(hotel), new byte[0], 400, admin),
                Case.withHeaders("a payment for a reservation id that is not a UUID", "POST", "/v1/reservations/x/payments", new byte[0], 400,
                        "Authorization: Bearer " + guest, "Idempotency-Key: k1")));
        cases.addAll(List.of(
                Case.json("NUL in a guest name", "POST", "/v1/guests", "{\"email\": \"a@b.org\", \"name\": \"a\\u0000b\"}", 400),
                Case.json("not an e-mail address", "POST", "/v1/guests", "{\"email\": \"nobody\", \"name\": \"N\"}", 400),
                Case.json("an e-mail address with a quote", "POST", "/v1/guests", "{\"email\": \"a\\\"b@c.example\", \"name\": \"N\"}", 400),
                Case.json("a time zone that is an offset", "POST", "/v1/hotels", "{\"name\": \"TZ\", \"city\": \"Utrecht\", \"country\": \"NL\", \"address\": \"A 1\", \"star_rating\": 3, \"time_zone\": \"+02:00\"}", 400, admin),
                Case.json("a currency that does not exist", "POST", "/v1/hotels", "{\"name\": \"Cur\", \"city\": \"Utrecht\", \"country\": \"NL\", \"address\": \"A 1\", \"star_rating\": 3, \"currency\": \"XYZ\"}", 400, admin),
                Case.json("a base price outside the band", "POST", roomTypes, "{\"name\": \"B\", \"capacity\": 2, \"quantity\": 1, \"price_min_cents\": 100, \"price_max_cents\": 200, \"base_price_cents\": 300}", 400, admin),
                Case.json("overbooking of 500%", "POST", roomTypes, "{\"name\": \"O\", \"capacity\": 2, \"quantity\": 1, \"price_min_cents\": 100, \"price_max_cents\": 200, \"overbooking_percent\": 500}", 400, admin),
                Case.json("an inventory change of nothing", "PUT", inventory, "{}", 400, admin),
                Case.json("a negative capacity", "PUT", inventory, "{\"capacity\": -1}", 400, admin),
                Case.withHeaders("an availability date that is not one", "GET", "/v1/hotels/%s/availability?check_in=2099-13-01&check_out=2099-01-02".formatted(hotel), new byte[0], 400),
                // ISO's wider years parse as dates and were past PostgreSQL's: 500s
                Case.withHeaders("an inventory range in year +999999999", "GET", roomTypes + "/" + roomType + "/inventory?from=%2B999999999-12-30&to=%2B999999999-12-31",
                        new byte[0], 400, admin),
                Case.withHeaders("an inventory range in year -999999999", "GET", roomTypes + "/" + roomType + "/inventory?from=-999999999-01-01&to=-999999999-01-02",
                        new byte[0], 400, admin),
                Case.withHeaders("an availability date in year +10000", "GET", "/v1/hotels/%s/availability?check_in=%%2B10000-01-01&check_out=%%2B10000-01-02".formatted(hotel),
                        new byte[0], 400),
                Case.withHeaders("a webhook signed at the end of time", "POST", "/v1/payments/webhooks", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), 400,
                        "Content-Type: application/json", "Sandbox-Signature: t=9223372036854775807,v1=00"),
                Case.withHeaders("availability without dates", "GET", "/v1/hotels/%s/availability".formatted(hotel), new byte[0], 400),
                Case.withHeaders("availability for 11 rooms", "GET", "/v1/hotels/%s/availability?check_in=2099-01-01&check_out=2099-01-02&rooms=11".formatted(hotel), new byte[0], 400),
                Case.withHeaders("a reservation id that is not a UUID", "GET", "/v1/reservations/1", new byte[0], 400, "Authorization: Bearer " + guest),
                Case.withHeaders("an Idempotency-Key twice", "POST", "/v1/reservations/%s/cancel".formatted(java.util.UUID.randomUUID()), new byte[0], 400,
                        "Authorization: Bearer " + guest, "Idempotency-Key: a", "Idempotency-Key: b"),
                Case.json("duplicate key", "POST", "/v1/views", view + ", \"hotel_id\": 999}", 400),
                Case.json("escaped NUL in viewer_id", "POST", "/v1/views", view.replace("\"v\"", "\"a\\u0000b\"") + "}", 400),
                Case.json("lone surrogate in viewer_id", "POST", "/v1/views", view.replace("\"v\"", "\"a\\ud800b\"") + "}", 400),
                Case.json("country XX", "POST", "/v1/views", view.replace("\"NL\"", "\"XX\"") + "}", 400),
                Case.json("country in lower case", "POST", "/v1/views", view.replace("\"NL\"", "\"nl\"") + "}", 400),
                Case.json("occurred_at in year 10000", "POST", "/v1/views", view + ", \"occurred_at\": 253402300800000}", 400),
                Case.json("occurred_at before 2000", "POST", "/v1/views", view + ", \"occurred_at\": 1000}", 400),
                Case.json("empty view batch", "POST", "/v1/views/batch", "{\"events\": []}", 400),
                Case.json("null in a view batch", "POST", "/v1/views/batch", "{\"events\": [null]}", 400),
                Case.json("escaped NUL in a hotel name", "POST", "/v1/hotels", hotelBody.formatted("a\\u0000b", "NL"), 400, admin),
                Case.json("lone surrogate in a hotel name", "POST", "/v1/hotels", hotelBody.formatted("a\\udc00", "NL"), 400, admin),
                Case.json("hotel country XX", "POST", "/v1/hotels", hotelBody.formatted("X", "XX"), 400, admin),
                Case.json("hotel country in lower case", "PUT", "/v1/hotels/" + hotel, hotelBody.formatted("X", "nl"), 400, admin),
                Case.json("escaped NUL in a staff token label", "POST", "/v1/hotels/%s/staff-tokens".formatted(hotel), "{\"label\": \"\\u0000\"}", 400, admin),
                Case.json("two Authorization headers", "POST", "/v1/hotels", hotelBody.formatted("Twice", "NL"), 400, admin, "Authorization: Bearer nobody"),
                Case.json("a token too long", "POST", "/v1/hotels", hotelBody.formatted("Long", "NL"), 401, "Authorization: Bearer " + "x".repeat(500)),
                Case.withHeaders("NUL in a search parameter", "GET", "/v1/hotels?city=%00", new byte[0], 400),
                Case.withHeaders("control character in an amenity", "GET", "/v1/hotels?amenity=a%01", new byte[0], 400),
                Case.withHeaders("NUL in a path id", "GET", "/v1/hotels/1%00", new byte[0], 400),
                Case.withHeaders("a path id out of range", "GET", "/v1/hotels/99999999999999999999", new byte[0], 400),
                Case.withHeaders("stars out of range", "GET", "/v1/hotels?stars=9", new byte[0], 400),
                Case.withHeaders("limit over the int range", "GET", "/v1/hotels?limit=99999999999", new byte[0], 400),
                Case.withHeaders("search parameter twice", "GET", "/v1/hotels?city=a&city=b", new byte[0], 400),
                Case.withHeaders("unknown search parameter", "GET", "/v1/hotels?min_star=3", new byte[0], 400),
                Case.withHeaders("a staff token id that is not a number", "DELETE", "/v1/hotels/%s/staff-tokens/x".formatted(hotel), new byte[0], 400, admin),
                Case.withHeaders("wrong method", "PATCH", "/v1/hotels/" + hotel, new byte[0], 405)));
        return cases;
    }

    @Test
    void everyHostileRequestIsAProblemAndNoneIsUnexpected()
    {
        long unexpectedBefore = unexpectedErrors();
        List<Case> cases = cases();
        for (Case request : cases) {
            HostileRequests.check(booking.uri("/").getPort(), request);
        }
        assertThat(cases).hasSizeGreaterThan(150);
        assertThat(unexpectedErrors()).as("requests answered 500 (each logged a stack trace)").isEqualTo(unexpectedBefore);
    }

    @Test
    void nanIsRefusedWithoutNamingTheParserSetting()
    {
        HostileRequests.Response response = HostileRequests.check(booking.uri("/").getPort(),
                Case.json("NaN hotel id", "POST", "/v1/views", "{\"hotel_id\": NaN}", 400));
        assertThat(response.body()).contains("NaN and Infinity are not JSON numbers");
    }

    @Test
    void aDuplicateKeyIsNamed()
    {
        HostileRequests.Response response = HostileRequests.check(booking.uri("/").getPort(),
                Case.json("duplicate", "POST", "/v1/views", "{\"hotel_id\": 1, \"hotel_id\": 2}", 400));
        assertThat(response.body()).contains("a key is given twice").contains("hotel_id");
    }

    /** A date in a JSON body is read as one in a query parameter: four-digit years, a string of the form 2026-11-22. */
    @Test
    void aDateInABodyIsReadAsInAQueryParameter()
    {
        String body = "{\"hotel_id\": %s, \"room_type_id\": %s, \"check_in\": %s, \"check_out\": \"2099-01-02\", \"rooms\": 1}";
        for (String date : List.of("\"+10000-01-01\"", "\"-0001-01-01\"", "[2099, 1, 1]", "\"2099-01-01T00:00\"", "\"2099-1-1\"")) {
            HostileRequests.Response response = HostileRequests.check(booking.uri("/").getPort(), Case.json("check_in " + date, "POST", "/v1/reservations",
                    body.formatted(hotel, roomType, date), 400, "Authorization: Bearer " + guest, "Idempotency-Key: date-" + java.util.UUID.randomUUID()));
            assertThat(response.body()).as(date).contains("field[check_in] has the wrong type; expected a date (2026-11-22)");
        }
    }

    private long unexpectedErrors()
    {
        return booking.get("/health", java.util.Map.of()).json().get("unexpected_errors").asLong();
    }
}
