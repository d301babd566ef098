package io.hotellambda.booking.web;

import io.hotellambda.booking.TestingBookingApp;
import io.hotellambda.booking.TestingReservations;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.TestingLocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages' forms over plain HTTP, as a browser or an attacker sends them: the same booking form
 * sent twice at once holds once; malformed, oversized or hostile fields are 4xx (an HTML page for
 * a browser, a problem for anyone else), never a 500.
 */
@ExtendWith(TestingLocalStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestWebForms
{
    private static final LocalDate CHECK_IN = LocalDate.now(ZoneOffset.UTC).plusDays(30);
    private static final String CSRF = "c".repeat(64);

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private TestingBookingApp booking;
    private TestingReservations api;
    private long hotel;
    private long roomType;
    private String guest;

    @BeforeAll
    void start(LocalStack stack)
    {
        booking = new TestingBookingApp(stack);
        api = new TestingReservations(booking);
        hotel = booking.createHotel("Form Inn", "Coimbra", 3);
        roomType = api.roomType(hotel, 5, 100);
        guest = api.guest();
    }

    @AfterAll
    void stop()
    {
        booking.close();
    }

    private HttpResponse<String> post(String path, String form, String accept)
    {
        HttpRequest request = HttpRequest.newBuilder(booking.uri(path)).POST(HttpRequest.BodyPublishers.ofString(form))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", accept)
                .header("Cookie", WebSession.GUEST_COOKIE + "=" + guest + "; " + WebSession.CSRF_COOKIE + "=" + CSRF).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join();
    }

    private String bookingForm(String key)
    {
        return "csrf=%s&key=%s&hotel_id=%s&room_type_id=%s&check_in=%s&check_out=%s&rooms=1&guests=2".formatted(CSRF, key, hotel, roomType, CHECK_IN, CHECK_IN.plusDays(1));
    }

    @Test
    void theSameBookingFormSentTwiceAtOnceHoldsOnce()
    {
        String key = UUID.randomUUID().toString();
        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            posts.add(CompletableFuture.supplyAsync(() -> post("/bookings", bookingForm(key), "text/html")));
        }
        List<String> locations = posts.stream().map(CompletableFuture::join).map(response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
            return response.headers().firstValue("Location").orElseThrow();
        }).distinct().toList();
        assertThat(locations).hasSize(1);
        assertThat(locations.get(0)).matches("/bookings/[0-9a-f-]{36}");
        assertThat(api.night(hotel, roomType, CHECK_IN).get("held").asInt()).isEqualTo(1);
        // a new page's key is a new hold
        assertThat(post("/bookings", bookingForm(UUID.randomUUID().toString()), "text/html").statusCode()).isEqualTo(303);
        assertThat(api.night(hotel, roomType, CHECK_IN).get("held").asInt()).isEqualTo(2);
    }

    @Test
    void badFieldsAreRefusedWithAPageForABrowserAndAProblemForOthers()
    {
        int heldBefore = api.night(hotel, roomType, CHECK_IN).get("held").asInt();
        String valid = bookingForm(UUID.randomUUID().toString());
        List<String> bad = List.of(
                valid.replace("check_in=" + CHECK_IN, "check_in=yesterday"),
                valid.replace("rooms=1", "rooms=99999999999"),
                valid.replace("hotel_id=" + hotel, "hotel_id=-4"),
                valid.replaceFirst("key=[^&]+", "key=not-a-key"),
                valid.replace("check_in=" + CHECK_IN, "check_in=" + URLEncoder.encode("2027-01-01\u0000", StandardCharsets.UTF_8)),
                valid.replace("hotel_id=" + hotel, "hotel_id=" + "9".repeat(300)),
                valid.replace("room_type_id=" + roomType, "room_type_id=" + (roomType + 1000)),
                valid.replace("check_out=" + CHECK_IN.plusDays(1), "check_out=" + CHECK_IN));
        for (String form : bad) {
            HttpResponse<String> page = post("/bookings", form, "text/html,application/xhtml+xml");
            assertThat(page.statusCode()).as(form + " -> " + page.body()).isBetween(400, 499);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).as(form).startsWith("text/html");
            assertThat(page.body()).contains("id=\"error-detail\"");
            HttpResponse<String> problem = post("/bookings", form, "*/*");
            assertThat(problem.statusCode()).as(form).isBetween(400, 499);
            assertThat(problem.headers().firstValue("Content-Type").orElse("")).as(form).startsWith("application/problem+json");
        }
        // a JSON body, a null one, a huge one: no form, so no token
        assertThat(post("/bookings", "null", "*/*").statusCode()).isEqualTo(403);
        assertThat(post("/bookings", "csrf=" + CSRF + "&q=" + "x".repeat(5_000), "*/*").statusCode()).isBetween(400, 499);
        assertThat(api.night(hotel, roomType, CHECK_IN).get("held").asInt()).isEqualTo(heldBefore);
    }

    @Test
    void anotherGuestsOrHotelsCookieReachesNothingOfTheirs()
    {
        HttpResponse<String> held = post("/bookings", bookingForm(UUID.randomUUID().toString()), "text/html");
        String reservation = held.headers().firstValue("Location").orElseThrow();
        String other = api.guest();
        HttpResponse<String> page = http.sendAsync(HttpRequest.newBuilder(booking.uri(reservation)).header("Accept", "text/html")
                .header("Cookie", WebSession.GUEST_COOKIE + "=" + other).GET().build(), HttpResponse.BodyHandlers.ofString()).join();
        assertThat(page.statusCode()).isEqualTo(404);
        HttpResponse<String> cancel = http.sendAsync(HttpRequest.newBuilder(booking.uri(reservation + "/cancel"))
                .POST(HttpRequest.BodyPublishers.ofString("csrf=%s&key=%s".formatted(CSRF, UUID.randomUUID())))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", WebSession.GUEST_COOKIE + "=" + other + "; " + WebSession.CSRF_COOKIE + "=" + CSRF).build(), HttpResponse.BodyHandlers.ofString()).join();
        assertThat(cancel.statusCode()).isEqualTo(404);
        assertThat(booking.send("GET", reservation.replace("/bookings/", "/v1/reservations/"), null, Optional.of(guest)).json().get("status").asText()).isEqualTo("held");

        long otherHotel = booking.createHotel("Other Inn", "Coimbra", 3);
        String staff = booking.send("POST", "/v1/hotels/%s/staff-tokens".formatted(otherHotel), "{\"label\": \"desk\"}", Optional.of(booking.adminToken()))
                .json().get("token").asText();
        HttpResponse<String> calendar = http.sendAsync(HttpRequest.newBuilder(booking.uri("/staff/hotels/%s/room-types/%s/calendar".formatted(hotel, roomType)))
                .header("Cookie", WebSession.STAFF_COOKIE + "=" + staff).GET().build(), HttpResponse.BodyHandlers.ofString()).join();
        assertThat(calendar.statusCode()).isEqualTo(403);
        HttpResponse<String> close = http.sendAsync(HttpRequest.newBuilder(booking.uri("/staff/hotels/%s/room-types/%s/nights".formatted(hotel, roomType)))
                .POST(HttpRequest.BodyPublishers.ofString("csrf=%s&date=%s&action=close".formatted(CSRF, CHECK_IN)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", WebSession.STAFF_COOKIE + "=" + staff + "; " + WebSession.CSRF_COOKIE + "=" + CSRF).build(), HttpResponse.BodyHandlers.ofString()).join();
        assertThat(close.statusCode()).isEqualTo(403);
        assertThat(api.night(hotel, roomType, CHECK_IN).get("closed").asBoolean()).isFalse();
        // a guest's token is not a staff cookie
        HttpResponse<String> asGuest = http.sendAsync(HttpRequest.newBuilder(booking.uri("/staff/hotels/%s".formatted(hotel)))
                .header("Cookie", WebSession.STAFF_COOKIE + "=" + guest).GET().build(), HttpResponse.BodyHandlers.ofString()).join();
        assertThat(asGuest.statusCode()).isEqualTo(303);
        assertThat(asGuest.headers().firstValue("Location").orElse("")).startsWith("/staff/signin");
    }

    @Test
    void theCatalogFormsAreForTheHotelsOwnStaffAndShowARefusedValueBesideTheForm()
    {
        long otherHotel = booking.createHotel("Rival Rest", "Coimbra", 3);
        String rival = booking.send("POST", "/v1/hotels/%s/staff-tokens".formatted(otherHotel), "{\"label\": \"desk\"}", Optional.of(booking.adminToken()))
                .json().get("token").asText();
        String hotelForm = "csrf=%s&name=Taken&city=Coimbra&country=PT&address=Rua+1&star_rating=3&time_zone=&currency=&amenities=&image_urls=&description=&active=on"
                .formatted(CSRF);
        String roomTypeForm = "csrf=%s&name=Twin&quantity=3&capacity=2&base_price=80&price_min=60&price_max=150&overbooking_percent=100".formatted(CSRF);
        // another hotel's staff: neither pages nor forms of this hotel, and no onboarding (an admin's)
        assertThat(staffGet(rival, "/staff/hotels/new").statusCode()).isEqualTo(403);
        assertThat(staffGet(rival, "/staff/hotels/%s/edit".formatted(hotel)).statusCode()).isEqualTo(403);
        assertThat(staffGet(rival, "/staff/hotels/%s/room-types/%s/edit".formatted(hotel, roomType)).statusCode()).isEqualTo(403);
        assertThat(staffPost(rival, "/staff/hotels", hotelForm).statusCode()).isEqualTo(403);
        assertThat(staffPost(rival, "/staff/hotels/" + hotel, hotelForm).statusCode()).isEqualTo(403);
        assertThat(staffPost(rival, "/staff/hotels/%s/room-types".formatted(hotel), roomTypeForm).statusCode()).isEqualTo(403);
        assertThat(staffPost(rival, "/staff/hotels/%s/room-types/%s".formatted(hotel, roomType), roomTypeForm).statusCode()).isEqualTo(403);
        // without the page's token, not even an admin
        assertThat(staffPost(booking.adminToken(), "/staff/hotels", hotelForm.replace("csrf=" + CSRF, "csrf=" + "d".repeat(64))).statusCode()).isEqualTo(403);
        assertThat(booking.send("GET", "/v1/hotels/" + hotel, null, Optional.empty()).json().get("name").asText()).isEqualTo("Form Inn");

        // an admin's bad values: the form again, with what was typed and why, and nothing stored
        List<String> badHotels = List.of(hotelForm.replace("country=PT", "country=Portugal"), hotelForm.replace("star_rating=3", "star_rating=9"),
                hotelForm.replace("image_urls=", "image_urls=" + URLEncoder.encode("javascript:alert(1)", StandardCharsets.UTF_8)),
                hotelForm.replace("name=Taken", "name=Ta%00ken"), hotelForm.replace("time_zone=", "time_zone=Mars%2FOlympus"),
                hotelForm.replace("currency=", "currency=XYZ"), hotelForm.replace("name=Taken", "name="),
                hotelForm.replace("description=", "description=" + "z".repeat(50_000)));
        for (String form : badHotels) {
            HttpResponse<String> page = staffPost(booking.adminToken(), "/staff/hotels", form);
            assertThat(page.statusCode()).as(form.substring(0, Math.min(200, form.length())) + " -> " + page.body()).isEqualTo(400);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(page.body()).containsAnyOf("id=\"form-error\"", "id=\"error-detail\"");
        }
        HttpResponse<String> kept = staffPost(booking.adminToken(), "/staff/hotels", hotelForm.replace("star_rating=3", "star_rating=9"));
        assertThat(kept.body()).contains("value=\"Taken\"", "field[star_rating]");
        List<String> badRoomTypes = List.of(roomTypeForm.replace("price_max=150", "price_max=50"), roomTypeForm.replace("base_price=80", "base_price=80.505"),
                roomTypeForm.replace("quantity=3", "quantity=-1"), roomTypeForm.replace("capacity=2", "capacity=two"),
                roomTypeForm.replace("overbooking_percent=100", "overbooking_percent=500"));
        for (String form : badRoomTypes) {
            HttpResponse<String> page = staffPost(booking.adminToken(), "/staff/hotels/%s/room-types".formatted(hotel), form);
            assertThat(page.statusCode()).as(form + " -> " + page.body()).isEqualTo(400);
            assertThat(page.body()).contains("id=\"form-error\"");
        }
        assertThat(booking.send("GET", "/v1/hotels/%s/room-types".formatted(hotel), null, Optional.empty()).json().get("room_types")).hasSize(1);

        // fewer rooms than are held: the inventory refuses it (409) and the form says so
        assertThat(post("/bookings", bookingForm(UUID.randomUUID().toString()), "text/html").statusCode()).isEqualTo(303);
        HttpResponse<String> shrink = staffPost(booking.adminToken(), "/staff/hotels/%s/room-types/%s".formatted(hotel, roomType),
                roomTypeForm.replace("quantity=3", "quantity=0"));
        assertThat(shrink.statusCode()).as(shrink.body()).isEqualTo(409);
        assertThat(shrink.body()).contains("id=\"form-error\"", "value=\"0\"");
        assertThat(api.night(hotel, roomType, CHECK_IN).get("capacity").asInt()).isEqualTo(5);
    }

    private HttpResponse<String> staffGet(String token, String path)
    {
        return http.sendAsync(HttpRequest.newBuilder(booking.uri(path)).header("Accept", "text/html").header("Cookie", WebSession.STAFF_COOKIE + "=" + token).GET().build(),
                HttpResponse.BodyHandlers.ofString()).join();
    }

    private HttpResponse<String> staffPost(String token, String path, String form)
    {
        return http.sendAsync(HttpRequest.newBuilder(booking.uri(path)).POST(HttpRequest.BodyPublishers.ofString(form))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .header("Cookie", WebSession.STAFF_COOKIE + "=" + token + "; " + WebSession.CSRF_COOKIE + "=" + CSRF).build(), HttpResponse.BodyHandlers.ofString()).join();
    }

    @Test
    void everyFormRefusesABodyThatIsNotAUrlEncodedFormBeforeReadingIt()
    {
        String held = post("/bookings", bookingForm(UUID.randomUUID().toString()), "text/html").headers().firstValue("Location").orElseThrow();
        int heldBefore = api.night(hotel, roomType, CHECK_IN).get("held").asInt();
        List<String> forms = List.of("/signin", "/signout", "/bookings", held + "/pay", held + "/cancel", "/staff/signin", "/staff/signout", "/staff/hotels",
                "/staff/hotels/" + hotel, "/staff/hotels/%s/room-types".formatted(hotel), "/staff/hotels/%s/room-types/%s".formatted(hotel, roomType),
                "/staff/hotels/%s/room-types/%s/nights".formatted(hotel, roomType));
        String cookies = WebSession.GUEST_COOKIE + "=" + guest + "; " + WebSession.STAFF_COOKIE + "=" + booking.adminToken() + "; " + WebSession.CSRF_COOKIE + "=" + CSRF;
        String multipart = "--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + CSRF + "\r\n--b--\r\n";
        // a multipart body without its boundary made Jetty's parser throw inside the token check: a 500
        List<List<String>> bodies = List.of(List.of("multipart/form-data; boundary=x", "{}"), List.of("multipart/form-data; boundary=b", multipart),
                List.of("multipart/form-data", "csrf=" + CSRF), List.of("text/plain", "csrf=" + CSRF), List.of("application/json", "{\"csrf\": \"" + CSRF + "\"}"),
                List.of("application/x-www-form-urlencoded; charset=utf-16", "csrf=" + CSRF));
        for (String path : forms) {
            for (List<String> body : bodies) {
                for (String accept : List.of("text/html", "*/*")) {
                    HttpResponse<String> response = http.sendAsync(HttpRequest.newBuilder(booking.uri(path)).POST(HttpRequest.BodyPublishers.ofString(body.get(1)))
                            .header("Content-Type", body.get(0)).header("Accept", accept).header("Cookie", cookies).build(), HttpResponse.BodyHandlers.ofString()).join();
                    assertThat(response.statusCode()).as(path + " " + body + " -> " + response.body()).isEqualTo(415);
                    assertThat(response.headers().firstValue("Content-Type").orElse("")).as(path)
                            .startsWith(accept.equals("text/html") ? "text/html" : "application/problem+json");
                }
            }
            HttpResponse<String> none = http.sendAsync(HttpRequest.newBuilder(booking.uri(path)).POST(HttpRequest.BodyPublishers.ofString("csrf=" + CSRF))
                    .header("Cookie", cookies).build(), HttpResponse.BodyHandlers.ofString()).join();
            assertThat(none.statusCode()).as(path + " without a Content-Type").isEqualTo(415);
        }
        assertThat(booking.send("GET", held.replace("/bookings/", "/v1/reservations/"), null, Optional.of(guest)).json().get("status").asText()).isEqualTo("held");
        assertThat(api.night(hotel, roomType, CHECK_IN).get("held").asInt()).isEqualTo(heldBefore);
        assertThat(api.night(hotel, roomType, CHECK_IN).get("closed").asBoolean()).isFalse();
    }

    @Test
    void pagesAnswerBadAddressesAndHostileQueriesWithout500s()
    {
        List<String> paths = List.of("/hotels/abc", "/hotels/999999", "/hotels/" + hotel + "?check_in=2020-01-01&check_out=2020-01-02",
                "/hotels/" + hotel + "?check_in=nope&check_out=2027-01-01", "/?q=" + "%00", "/?q=" + "y".repeat(400),
                "/?q=Coimbra&check_in=2027-02-02", "/?q=Coimbra&min_price=-1", "/staff/hotels/" + hotel, "/bookings/not-a-uuid",
                "/signin?next=//evil.example/");
        for (String path : paths) {
            HttpResponse<String> response = http.sendAsync(HttpRequest.newBuilder(booking.uri(path)).header("Accept", "text/html").GET().build(),
                    HttpResponse.BodyHandlers.ofString()).join();
            assertThat(response.statusCode()).as(path + " -> " + response.body()).isBetween(200, 499);
            if (response.statusCode() == 200) {
                assertThat(response.body()).as(path).doesNotContain("evil.example");
            }
        }
        // a calendar from a date in ISO's wider years, past PostgreSQL's dates: a 500 before
        for (String from : List.of("%2B999999999-12-31", "-999999999-01-01", "%2B10000-01-01")) {
            HttpResponse<String> calendar = staffGet(booking.adminToken(), "/staff/hotels/%s/room-types/%s/calendar?from=%s".formatted(hotel, roomType, from));
            assertThat(calendar.statusCode()).as(from + " -> " + calendar.body()).isEqualTo(400);
        }
        HttpResponse<String> search = http.sendAsync(HttpRequest.newBuilder(booking.uri("/?q=Coimbra&check_in=2020-01-01&check_out=2020-01-02")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).join();
        assertThat(search.statusCode()).isEqualTo(400);
        assertThat(search.body()).contains("id=\"search-error\"");
        // the page escapes what it echoes
        HttpResponse<String> echoed = http.sendAsync(HttpRequest.newBuilder(booking.uri("/?q=" + URLEncoder.encode("<script>alert(1)</script>", StandardCharsets.UTF_8)))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).join();
        assertThat(echoed.body()).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;");
        assertThat(booking.send("GET", "/v1/reservations/%s/cancellation".formatted(UUID.randomUUID()), null, Optional.of(guest)).status()).isEqualTo(404);
    }
}
