package io.hotellambda.booking;

import com.fasterxml.jackson.databind.JsonNode;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.TestingClock;
import io.hotellambda.infra.TestingLocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.hotellambda.booking.TestReservations.START;
import static io.hotellambda.booking.TestReservations.TODAY;
import static io.hotellambda.booking.TestViewIngestion.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A guest's and a hotel's reservations, live and archived, page by page; stays completed when
 * their check-out day comes; terminal reservations archived after the retention, once.
 */
@ExtendWith(TestingLocalStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestBookingManagement
{
    private final TestingClock clock = new TestingClock(START);
    private TestingBookingApp booking;
    private TestingReservations api;

    @BeforeAll
    void start(LocalStack stack)
    {
        booking = new TestingBookingApp(stack, clock, Duration.ofMillis(50));
        api = new TestingReservations(booking);
    }

    @AfterAll
    void stop()
    {
        booking.close();
    }

    @Test
    void staysCompleteArchiveOnceAndStayListedForGuestAndHotel()
    {
        String guest = api.guest();
        long hotel = api.hotel("Archive Inn");
        long roomType = api.roomType(hotel, 5, 100);
        String stayed = api.reserve(guest, hotel, roomType, TODAY.plusDays(1), TODAY.plusDays(2), 1).json().get("reservation_id").asText();
        api.confirmAtProvider(api.pay(guest, stayed), "{\"payment_method\": \"pm_card_visa\"}");
        api.awaitStatus(guest, stayed, "confirmed");
        String dropped = api.reserve(guest, hotel, roomType, TODAY.plusDays(3), TODAY.plusDays(4), 1).json().get("reservation_id").asText();
        assertThat(api.cancel(guest, dropped).status()).isEqualTo(200);
        String live = api.reserve(guest, hotel, roomType, TODAY.plusDays(60), TODAY.plusDays(61), 1).json().get("reservation_id").asText();
        api.confirmAtProvider(api.pay(guest, live), "{\"payment_method\": \"pm_card_visa\"}");
        api.awaitStatus(guest, live, "confirmed");

        // check-out day (hotel-local, UTC here) comes: the stay is completed
        clock.advance(Duration.ofDays(2));
        api.awaitStatus(guest, stayed, "completed");

        // 31 days on, both terminal reservations move to the archive; the confirmed one stays
        clock.advance(Duration.ofDays(31));
        TestingReservations.await(() -> count("reservations_archive", List.of(stayed, dropped)) == 2, "the archiver");
        assertThat(count("reservations", List.of(stayed, dropped))).isZero();
        assertThat(count("reservations", List.of(live))).isEqualTo(1);
        // more archiver rounds move nothing twice
        sleep(Duration.ofMillis(600));
        assertThat(count("reservations_archive", List.of(stayed, dropped, live))).isEqualTo(2);

        assertThat(ids(booking.get("/v1/guests/me/reservations", Map.of("Authorization", "Bearer " + guest)).json())).containsExactly(stayed, dropped, live);
        assertThat(ids(booking.get("/v1/hotels/%s/reservations?stay_from=%s&stay_to=%s".formatted(hotel, TODAY, TODAY.plusDays(5)),
                Map.of("Authorization", "Bearer " + booking.adminToken())).json())).containsExactly(stayed, dropped);
        assertThat(ids(booking.get("/v1/hotels/%s/reservations?status=completed".formatted(hotel), Map.of("Authorization", "Bearer " + booking.adminToken())).json()))
                .containsExactly(stayed);
        JsonNode archived = api.read(guest, stayed).json();
        assertThat(archived.get("status").asText()).isEqualTo("completed");
        assertThat(archived.get("invoice_number").asText()).startsWith("INV-");
        assertProblem(api.cancel(guest, dropped), 404, "not found");
    }

    @Test
    void listsArePagedByKeysetAndOnlyTheCallersOwn()
    {
        String guest = api.guest();
        long hotel = api.hotel("Paging Inn");
        long roomType = api.roomType(hotel, 5, 100);
        LocalDate today = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(api.reserve(guest, hotel, roomType, today.plusDays(5 + i), today.plusDays(6 + i), 1).json().get("reservation_id").asText());
        }
        api.reserve(api.guest(), hotel, roomType, today.plusDays(5), today.plusDays(6), 1);

        List<String> seen = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = booking.get("/v1/guests/me/reservations?limit=2" + (next == null ? "" : "&after=" + next), Map.of("Authorization", "Bearer " + guest)).json();
            seen.addAll(ids(page));
            next = page.get("next").isNull() ? null : page.get("next").asText();
        }
        while (next != null);
        assertThat(seen).containsExactlyElementsOf(ids);
        assertThat(ids(booking.get("/v1/guests/me/reservations?from=%s&to=%s".formatted(today.plusDays(6), today.plusDays(8)), Map.of("Authorization", "Bearer " + guest)).json()))
                .containsExactlyElementsOf(ids.subList(1, 3));

        String other = api.guest();
        assertThat(ids(booking.get("/v1/guests/me/reservations", Map.of("Authorization", "Bearer " + other)).json())).isEmpty();
        assertProblem(booking.get("/v1/guests/me/reservations?limit=0", Map.of("Authorization", "Bearer " + guest)), 400, "limit");
        assertProblem(booking.get("/v1/guests/me/reservations?status=paid", Map.of("Authorization", "Bearer " + guest)), 400, "status");
        assertProblem(booking.get("/v1/guests/me/reservations?after=nonsense", Map.of("Authorization", "Bearer " + guest)), 400, "after");
        assertProblem(booking.get("/v1/hotels/%s/reservations".formatted(hotel), Map.of("Authorization", "Bearer " + guest)), 403, "may not");
    }

    private static List<String> ids(JsonNode page)
    {
        List<String> ids = new ArrayList<>();
        page.get("reservations").forEach(reservation -> ids.add(reservation.get("reservation_id").asText()));
        return ids;
    }

    private long count(String table, List<String> ids)
    {
        try (Connection connection = DriverManager.getConnection(booking.jdbcUrl(), "postgres", "");
                PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM " + table + " WHERE id::text = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration duration)
    {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
