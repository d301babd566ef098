package io.hotellambda.booking.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.hotellambda.booking.TestingBookingApp;
import io.hotellambda.booking.TestingReservations;
import io.hotellambda.http.TestingBrowser;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.TestingLocalStack;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages in a real browser (Debian's Chromium, headless) against a booking-app and the
 * sandbox payment provider the test starts: a guest searches with a typo, books with a double
 * click (one hold), pays on the provider's page and finds the booking; a declined payment frees
 * the room; staff close a night and the hotel leaves a dated search; a form from another site is
 * refused.
 */
@ExtendWith(TestingLocalStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestGuestPages
{
    private static final LocalDate CHECK_IN = LocalDate.now(ZoneOffset.UTC).plusDays(20);
    private static final LocalDate CHECK_OUT = CHECK_IN.plusDays(2);

    @RegisterExtension
    final TestingBrowser browser = new TestingBrowser();
    private TestingBookingApp booking;
    private TestingReservations api;

    @BeforeAll
    void start(LocalStack stack)
    {
        booking = new TestingBookingApp(stack);
        api = new TestingReservations(booking);
    }

    @AfterAll
    void stop()
    {
        browser.close();
        booking.close();
    }

    private String page(String path)
    {
        return booking.uri(path).toString();
    }

    @Test
    void aGuestSearchesWithATypoBooksWithADoubleClickPaysAndFindsTheBooking()
    {
        long hotel = booking.createHotel("Harbour Lights", "Lisbon", 4, "wifi");
        long roomType = api.roomType(hotel, 3, 100);
        browser.forget();

        browser.open(page("/"));
        browser.find("#q").sendKeys("Lisbn");
        browser.setValue("#check_in", CHECK_IN.toString());
        browser.setValue("#check_out", CHECK_OUT.toString());
        browser.find("#search").click();
        WebElement result = browser.await(ExpectedConditions.elementToBeClickable(By.linkText("Harbour Lights")));
        result.click();

        browser.await(ExpectedConditions.textToBe(By.id("hotel-name"), "Harbour Lights"));
        assertThat(browser.find(".stay-price").getText()).isEqualTo("EUR 200.00");
        browser.find("#sign-in-to-book").click();
        browser.find("#name").sendKeys("Ana Guest");
        browser.find("#email").sendKeys("ana@example.org");
        browser.find("#register").click();
        browser.find("#continue").click();
        browser.await(ExpectedConditions.elementToBeClickable(By.cssSelector(".book-button")));
        String token = browser.cookie(WebSession.GUEST_COOKIE).orElseThrow();

        new Actions(browser.driver()).doubleClick(browser.find(".book-button")).perform();
        browser.await(ExpectedConditions.textToBe(By.id("state-title"), "Held for you"));
        browser.await(ExpectedConditions.textMatches(By.id("countdown"), java.util.regex.Pattern.compile("\\d+ min \\d\\d s left")));
        JsonNode mine = reservations(token);
        assertThat(mine.size()).as("a double click holds once").isEqualTo(1);
        assertThat(api.night(hotel, roomType, CHECK_IN).get("held").asInt()).isEqualTo(1);

        browser.find("#pay").click();
        browser.await(ExpectedConditions.textToBe(By.tagName("h1"), "Sandbox checkout"));
        browser.find("#pay").click();
        browser.await(ExpectedConditions.textToBe(By.id("state-title"), "Confirmed"));
        assertThat(browser.find("#invoice").getText()).matches("INV-\\d{4}-\\d{8}");

        browser.find("#my-bookings").click();
        WebElement line = browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".booking[data-status='confirmed']")));
        assertThat(line.getText()).contains("Harbour Lights");
        assertThat(line.findElement(By.cssSelector(".cancel-button")).getText()).isEqualTo("Cancel: refund EUR 200.00");
        line.findElement(By.cssSelector(".cancel-button")).click();
        browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".booking[data-status='cancelled']")));
        assertThat(api.night(hotel, roomType, CHECK_IN).get("sold").asInt()).isZero();
    }

    @Test
    void aDeclinedPaymentShowsTheDeclinedPageAndFreesTheRoom()
    {
        long hotel = booking.createHotel("Declined Dunes", "Porto", 3);
        long roomType = api.roomType(hotel, 1, 100);
        browser.forget();
        signInAsNewGuest("/hotels/%s?check_in=%s&check_out=%s".formatted(hotel, CHECK_IN, CHECK_OUT));
        browser.find(".book-button").click();
        browser.await(ExpectedConditions.textToBe(By.id("state-title"), "Held for you"));
        assertThat(api.night(hotel, roomType, CHECK_IN).get("available").asInt()).isZero();

        browser.find("#pay").click();
        browser.await(ExpectedConditions.elementToBeClickable(By.id("decline"))).click();
        browser.await(ExpectedConditions.textToBe(By.id("state-title"), "Payment declined"));
        assertThat(api.night(hotel, roomType, CHECK_IN).get("available").asInt()).isEqualTo(1);
        browser.open(page("/hotels/%s?check_in=%s&check_out=%s".formatted(hotel, CHECK_IN, CHECK_OUT)));
        assertThat(browser.exists(".book-button")).as("the room can be booked again").isTrue();
    }

    @Test
    void staffCloseANightAndTheHotelLeavesADatedSearch()
    {
        long hotel = booking.createHotel("Closing Cove", "Faro", 3);
        long roomType = api.roomType(hotel, 2, 100);
        String staffToken = booking.send("POST", "/v1/hotels/%s/staff-tokens".formatted(hotel), "{\"label\": \"front desk\"}",
                Optional.of(booking.adminToken())).json().get("token").asText();
        String search = "/?q=Faro&check_in=%s&check_out=%s".formatted(CHECK_IN, CHECK_IN.plusDays(1));
        browser.forget();
        browser.open(page(search));
        assertThat(resultNames()).contains("Closing Cove");

        browser.open(page("/staff/signin"));
        browser.find("#token").sendKeys(staffToken);
        browser.find("#staff-sign-in").click();
        browser.await(ExpectedConditions.textToBe(By.id("hotel-name"), "Closing Cove"));
        browser.find(".calendar-link").click();
        // the calendar opens on the hotel's today and shows 28 nights: the check-in night is among them
        WebElement row = browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-date='%s']".formatted(CHECK_IN))));
        assertThat(row.getAttribute("data-closed")).isEqualTo("false");
        row.findElement(By.cssSelector(".close-night")).click();
        browser.await(ExpectedConditions.attributeToBe(By.cssSelector("tr[data-date='%s']".formatted(CHECK_IN)), "data-closed", "true"));
        assertThat(api.night(hotel, roomType, CHECK_IN).get("closed").asBoolean()).isTrue();

        browser.open(page(search));
        assertThat(resultNames()).doesNotContain("Closing Cove");
    }

    @Test
    void aFormPostedFromAnotherSiteIsRefused()
            throws Exception
    {
        long hotel = booking.createHotel("Guarded Gate", "Braga", 3);
        long roomType = api.roomType(hotel, 2, 100);
        browser.forget();
        signInAsNewGuest("/hotels/%s?check_in=%s&check_out=%s".formatted(hotel, CHECK_IN, CHECK_OUT));
        String token = browser.cookie(WebSession.GUEST_COOKIE).orElseThrow();
        // another origin (another port) serves a form that posts to booking-app without the page's token
        Javalin attacker = Javalin.create().get("/", ctx -> ctx.html("""
                <!doctype html><html><body><form method="post" action="%s">
                <input name="hotel_id" value="%s"><input name="room_type_id" value="%s"><input name="check_in" value="%s"><input name="check_out" value="%s">
                <input name="key" value="6f1c2b8e-6d3c-4a55-9c51-0d0f5e2a9b11"><button id="attack" type="submit">Win a prize</button></form></body></html>
                """.formatted(page("/bookings"), hotel, roomType, CHECK_IN, CHECK_OUT))).start("127.0.0.1", 0);
        try {
            browser.open("http://127.0.0.1:%s/".formatted(attacker.port()));
            browser.find("#attack").click();
            browser.await(ExpectedConditions.presenceOfElementLocated(By.id("error-detail")));
            assertThat(browser.find("#error-title").getText()).isEqualTo("Forbidden");
            assertThat(reservations(token).size()).isZero();
        }
        finally {
            attacker.stop();
        }
        // the same post with the cookie and a made-up token, from no page at all, is refused too
        HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(booking.uri("/bookings"))
                .POST(HttpRequest.BodyPublishers.ofString("hotel_id=%s&room_type_id=%s&check_in=%s&check_out=%s&key=6f1c2b8e-6d3c-4a55-9c51-0d0f5e2a9b11&csrf=%s"
                        .formatted(hotel, roomType, CHECK_IN, CHECK_OUT, "b".repeat(64))))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", WebSession.GUEST_COOKIE + "=" + token + "; " + WebSession.CSRF_COOKIE + "=" + "a".repeat(64))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(reservations(token).size()).isZero();
    }

    private void signInAsNewGuest(String next)
    {
        browser.open(page("/signin?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8)));
        browser.find("#name").sendKeys("Another Guest");
        browser.find("#email").sendKeys("another@example.org");
        browser.find("#register").click();
        browser.find("#continue").click();
        browser.await(ExpectedConditions.presenceOfElementLocated(By.id("hotel-name")));
    }

    private List<String> resultNames()
    {
        browser.await(ExpectedConditions.presenceOfElementLocated(By.id("result-count")));
        return browser.findAllNow(".result h2 a").stream().map(WebElement::getText).toList();
    }

    private JsonNode reservations(String guestToken)
    {
        TestingBookingApp.Response response = booking.send("GET", "/v1/guests/me/reservations", null, Optional.of(guestToken));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("reservations");
    }
}
