package io.hotellambda.booking.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.hotellambda.booking.TestingBookingApp;
import io.hotellambda.booking.TestingReservations;
import io.hotellambda.http.TestingBrowser;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.TestingLocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staff pages in Debian's Chromium: an admin onboards a hotel with an image and a room type
 * through the forms (a refused value shows the form again with what was typed), edits both, and
 * after a guest's paid booking the hotel's charts show the rooms and revenue on the books, and the
 * calendar charts the price against the suggested price.
 */
@ExtendWith(TestingLocalStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestStaffPages
{
    private static final String IMAGE = "https://images.example.org/harbour-lights.jpg";

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

    @Test
    void anAdminOnboardsAHotelAndARoomTypeAndTheChartsShowItsBookings()
    {
        browser.forget();
        browser.open(booking.uri("/staff/signin").toString());
        browser.find("#token").sendKeys(booking.adminToken());
        browser.find("#staff-sign-in").click();
        browser.find("#new-hotel").click();

        type("#name", "Harbour Lights");
        type("#city", "Porto");
        type("#country", "pt");
        type("#star_rating", "4");
        browser.find("#time_zone").clear();
        type("#time_zone", "Europe/Lisbon");
        type("#address", "Cais da Ribeira 7");
        type("#amenities", "wifi, Pool");
        type("#image_urls", "ftp://images.example.org/wrong.jpg");
        browser.find("#save-hotel").click();
        // refused: the form again, with what was typed
        assertThat(browser.find("#form-error").getText()).contains("image_urls");
        assertThat(browser.find("#name").getAttribute("value")).isEqualTo("Harbour Lights");
        browser.find("#image_urls").clear();
        type("#image_urls", IMAGE);
        browser.find("#save-hotel").click();

        browser.await(ExpectedConditions.textToBe(By.id("hotel-name"), "Harbour Lights"));
        long hotel = Long.parseLong(browser.driver().getCurrentUrl().replaceAll(".*/staff/hotels/", ""));
        assertThat(browser.find(".images img").getAttribute("src")).isEqualTo(IMAGE);
        JsonNode stored = booking.send("GET", "/v1/hotels/" + hotel, null, Optional.empty()).json();
        assertThat(stored.get("country").asText()).isEqualTo("PT");
        assertThat(stored.get("time_zone").asText()).isEqualTo("Europe/Lisbon");
        assertThat(stored.get("amenities").toString()).isEqualTo("[\"wifi\",\"pool\"]");

        browser.find("#new-room-type").click();
        type("#name", "Double");
        type("#quantity", "5");
        type("#base_price", "120.50");
        type("#price_min", "90");
        type("#price_max", "200");
        browser.find("#save-room-type").click();
        browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".edit-room-type")));
        JsonNode roomType = roomTypes(hotel).get(0);
        assertThat(roomType.get("base_price_cents").asLong()).isEqualTo(12_050);
        assertThat(roomType.get("auto_pricing").asBoolean()).isFalse();

        // edit the room type (one more room, automatic pricing on) and the hotel's description
        browser.find(".edit-room-type").click();
        assertThat(browser.find("#base_price").getAttribute("value")).isEqualTo("120.50");
        browser.find("#quantity").clear();
        type("#quantity", "6");
        browser.find("#auto_pricing").click();
        browser.find("#save-room-type").click();
        browser.find("#edit-hotel").click();
        type("#description", "Rooms over the river.");
        browser.find("#save-hotel").click();
        browser.await(ExpectedConditions.textToBe(By.id("hotel-name"), "Harbour Lights"));
        roomType = roomTypes(hotel).get(0);
        assertThat(roomType.get("quantity").asInt()).isEqualTo(6);
        assertThat(roomType.get("auto_pricing").asBoolean()).isTrue();
        assertThat(booking.send("GET", "/v1/hotels/" + hotel, null, Optional.empty()).json().get("description").asText()).isEqualTo("Rooms over the river.");

        // a guest books 2 rooms for the hotel's next 2 nights and pays
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Lisbon"));
        String guest = api.guest();
        JsonNode held = api.reserve(guest, hotel, roomType.get("id").asLong(), today.plusDays(1), today.plusDays(3), 2).json();
        api.confirmAtProvider(api.pay(guest, held.get("reservation_id").asText()), "{\"payment_method\": \"pm_card_visa\"}");
        api.awaitStatus(guest, held.get("reservation_id").asText(), "confirmed");
        // a second room type: the page reads every room type's nights at once and sums them
        api.roomType(hotel, 4, 100);

        browser.open(booking.uri("/staff/hotels/" + hotel).toString());
        browser.await(driver -> series("rooms-chart", "sold") != null);
        assertThat(series("rooms-chart", "sold").subList(0, 4)).containsExactly(0L, 2L, 2L, 0L);
        assertThat(series("rooms-chart", "open capacity").get(0)).isEqualTo(10L);
        List<Object> revenue = series("revenue-chart", "revenue on the books");
        assertThat(revenue).hasSize(StaffPages.CALENDAR_NIGHTS);
        assertThat(((Number) revenue.get(1)).doubleValue() + ((Number) revenue.get(2)).doubleValue())
                .isEqualTo(held.get("total_cents").asLong() / 100.0);
        assertThat(browser.find("#bookings").getText()).contains(today.plusDays(1).toString());

        browser.find(".calendar-link").click();
        browser.await(driver -> series("prices-chart", "price") != null);
        assertThat(series("prices-chart", "price")).hasSize(StaffPages.CALENDAR_NIGHTS).allSatisfy(price -> assertThat(((Number) price).doubleValue()).isPositive());
        assertThat(series("prices-chart", "sold").get(1)).isEqualTo(2L);
    }

    private void type(String css, String text)
    {
        WebElement field = browser.find(css);
        field.sendKeys(text);
    }

    private JsonNode roomTypes(long hotel)
    {
        return booking.send("GET", "/v1/hotels/%s/room-types".formatted(hotel), null, Optional.empty()).json().get("room_types");
    }

    /** A drawn chart's series by name, or null while it is not drawn. */
    @SuppressWarnings("unchecked")
    private List<Object> series(String chart, String name)
    {
        return (List<Object>) browser.driver().executeScript("""
                const element = document.getElementById(arguments[0]);
                const instance = element && window.echarts && echarts.getInstanceByDom(element);
                if (!instance) { return null; }
                const series = instance.getOption().series.find(s => s.name === arguments[1]);
                return series ? series.data : null;""", chart, name);
    }
}
