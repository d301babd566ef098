package io.hotellambda.booking;

import io.hotellambda.infra.TestingClock;
import com.fasterxml.jackson.databind.JsonNode;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.TestingLocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.hotellambda.booking.TestViewIngestion.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds against real PostgreSQL: the database decides who gets the last room, caps overbooking,
 * refuses a stay with one full night without touching the others, and never deadlocks.
 */
@ExtendWith(TestingLocalStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestReservations
{
    static final Instant START = Instant.parse("2031-03-10T10:00:00Z");
    static final LocalDate TODAY = LocalDate.parse("2031-03-10");

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
    void fiftyRacersForTheLastRoomLeaveExactlyOneWinner()
            throws Exception
    {
        long hotel = api.hotel("Last Room Inn");
        long roomType = api.roomType(hotel, 1, 100);
        LocalDate night = TODAY.plusDays(7);
        List<String> guests = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            guests.add(api.guest());
        }

        List<TestingBookingApp.Response> answers = race(50, i -> api.reserve(guests.get(i), hotel, roomType, night, night.plusDays(1), 1));

        assertThat(answers).filteredOn(answer -> answer.status() == 201).hasSize(1);
        assertThat(answers).filteredOn(answer -> answer.status() == 409).hasSize(49);
        answers.stream().filter(answer -> answer.status() == 409).forEach(answer -> assertProblem(answer, 409, night.toString()));
        assertThat(api.held(hotel, roomType, night, night.plusDays(1))).containsExactly(Map.entry(night, 1));
    }

    @Test
    void overbookingIsCappedAtTheFloorOfCapacityTimesPercent()
    {
        String guest = api.guest();
        LocalDate night = TODAY.plusDays(3);
        long hotel = api.hotel("Overbooked Inn");
        long tenRooms = api.roomType(hotel, 10, 110);
        long nineRooms = api.roomType(hotel, 9, 110);

        for (int i = 0; i < 11; i++) {
            assertThat(api.reserve(guest, hotel, tenRooms, night, night.plusDays(1), 1).status()).isEqualTo(201);
        }
        assertProblem(api.reserve(guest, hotel, tenRooms, night, night.plusDays(1), 1), 409, night.toString());
        for (int i = 0; i < 9; i++) {
            assertThat(api.reserve(guest, hotel, nineRooms, night, night.plusDays(1), 1).status()).isEqualTo(201);
        }
        assertProblem(api.reserve(guest, hotel, nineRooms, night, night.plusDays(1), 1), 409, night.toString());
        assertThat(api.held(hotel, tenRooms, night, night.plusDays(1))).containsExactly(Map.entry(night, 11));
        assertThat(api.held(hotel, nineRooms, night, night.plusDays(1))).containsExactly(Map.entry(night, 9));
    }

    @Test
    void aStayWithOneFullNightChangesNoNight()
    {
        String guest = api.guest();
        long hotel = api.hotel("Full Tuesday Inn");
        long roomType = api.roomType(hotel, 2, 100);
        LocalDate checkIn = TODAY.plusDays(10);
        LocalDate fullNight = checkIn.plusDays(1);
        assertThat(api.reserve(guest, hotel, roomType, checkIn, checkIn.plusDays(1), 1).status()).isEqualTo(201);
        assertThat(api.reserve(guest, hotel, roomType, fullNight, fullNight.plusDays(1), 2).status()).isEqualTo(201);
        Map<LocalDate, Integer> before = api.held(hotel, roomType, checkIn, checkIn.plusDays(3));

        assertProblem(api.reserve(guest, hotel, roomType, checkIn, checkIn.plusDays(3), 1), 409, "left on " + fullNight);

        assertThat(api.held(hotel, roomType, checkIn, checkIn.plusDays(3))).isEqualTo(before)
                .containsExactly(Map.entry(checkIn, 1), Map.entry(fullNight, 2), Map.entry(checkIn.plusDays(2), 0));
    }

    /** Racers over overlapping stays, in both directions: all finish, none deadlocks, and every night's count is exactly the sum of the winners. */
    @Test
    void overlappingStaysRaceWithoutDeadlockAndCountsAreExact()
            throws Exception
    {
        long hotel = api.hotel("Overlap Inn");
        long roomType = api.roomType(hotel, 5, 100);
        LocalDate first = TODAY.plusDays(20);
        List<String> guests = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            guests.add(api.guest());
        }
        // stays of 1 to 6 nights starting on every night of a 10-night window, forwards and backwards
        List<LocalDate[]> stays = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int start = i % 2 == 0 ? i % 10 : 9 - i % 10;
            LocalDate checkIn = first.plusDays(start);
            stays.add(new LocalDate[] {checkIn, checkIn.plusDays(1 + i % 6)});
        }

        List<TestingBookingApp.Response> answers = race(40, i -> api.reserve(guests.get(i), hotel, roomType, stays.get(i)[0], stays.get(i)[1], 1 + i % 2));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isIn(201, 409));
        Map<LocalDate, Integer> expected = new HashMap<>();
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).status() == 201) {
                for (LocalDate night = stays.get(i)[0]; night.isBefore(stays.get(i)[1]); night = night.plusDays(1)) {
                    expected.merge(night, 1 + i % 2, Integer::sum);
                }
            }
        }
        Map<LocalDate, Integer> held = api.held(hotel, roomType, first, first.plusDays(16));
        held.forEach((night, count) -> {
            assertThat(count).as("held on %s", night).isEqualTo(expected.getOrDefault(night, 0)).isLessThanOrEqualTo(5);
        });
        assertThat(answers).filteredOn(answer -> answer.status() == 201).isNotEmpty();
    }

    @Test
    void aCancelledHoldFreesItsNightsAndOnlyItsGuestOrHotelMaySeeIt()
    {
        String guest = api.guest();
        String stranger = api.guest();
        long hotel = api.hotel("Cancel Inn");
        long roomType = api.roomType(hotel, 1, 100);
        LocalDate checkIn = TODAY.plusDays(5);
        TestingBookingApp.Response held = api.reserve(guest, hotel, roomType, checkIn, checkIn.plusDays(2), 1);
        assertThat(held.status()).isEqualTo(201);
        JsonNode reservation = held.json();
        String id = reservation.get("reservation_id").asText();
        assertThat(held.header("Location")).hasValue("/v1/reservations/" + id);
        assertThat(reservation.get("status").asText()).isEqualTo("held");
        assertThat(reservation.get("total_cents").asLong()).isEqualTo(20000);
        assertThat(reservation.get("currency").asText()).isEqualTo("EUR");
        assertThat(Instant.parse(reservation.get("hold_expires_at").asText())).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(reservation.get("nights")).hasSize(2);

        assertThat(api.read(guest, id).json().get("status").asText()).isEqualTo("held");
        assertThat(api.read(booking.adminToken(), id).status()).isEqualTo(200);
        assertProblem(api.read(stranger, id), 404, "Reservation[%s] not found".formatted(id));
        assertProblem(api.cancel(stranger, id), 404, "not found");

        TestingBookingApp.Response cancelled = api.cancel(guest, id);
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
        assertThat(api.held(hotel, roomType, checkIn, checkIn.plusDays(2)).values()).containsOnly(0);
        assertProblem(api.cancel(guest, id), 409, "is cancelled");
        assertThat(api.reserve(stranger, hotel, roomType, checkIn, checkIn.plusDays(2), 1).status()).isEqualTo(201);
    }

    @Test
    void capacityCannotDropBelowWhatIsHeldAndClosedNightsAreNotSold()
    {
        String guest = api.guest();
        long hotel = api.hotel("Staff Inn");
        long roomType = api.roomType(hotel, 3, 100);
        LocalDate night = TODAY.plusDays(30);
        assertThat(api.reserve(guest, hotel, roomType, night, night.plusDays(1), 2).status()).isEqualTo(201);
        String inventory = "/v1/hotels/%s/room-types/%s/inventory?from=%s&to=%s".formatted(hotel, roomType, night.minusDays(1), night.plusDays(2));
        Map<String, String> admin = Map.of("Authorization", "Bearer " + booking.adminToken());

        assertProblem(booking.send("PUT", inventory, "{\"capacity\": 1}", admin), 409, night + " (0 sold, 2 held)");
        TestingBookingApp.Response closed = booking.send("PUT", inventory, "{\"closed\": true, \"price_cents\": 12000}", admin);
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat(closed.json().get("nights")).hasSize(3).allSatisfy(changed -> {
            assertThat(changed.get("closed").asBoolean()).isTrue();
            assertThat(changed.get("price_cents").asLong()).isEqualTo(12000);
            assertThat(changed.get("available").asInt()).isZero();
        });
        assertProblem(api.reserve(guest, hotel, roomType, night, night.plusDays(1), 1), 409, "sold out or closed");
        assertProblem(booking.send("PUT", inventory, "{\"price_cents\": 1}", admin), 400, "price_cents");

        booking.send("PUT", inventory, "{\"closed\": false}", admin);
        JsonNode availability = booking.get("/v1/hotels/%s/availability?check_in=%s&check_out=%s&rooms=1".formatted(hotel, night, night.plusDays(2)), Map.of()).json();
        JsonNode offer = availability.get("room_types").get(0);
        assertThat(offer.get("available_rooms").asInt()).isEqualTo(1);
        assertThat(offer.get("total_cents").asLong()).isEqualTo(24000);
        assertThat(offer.get("bookable").asBoolean()).isTrue();
    }

    @Test
    void everyMalformedReservationIsAProblemThatNamesTheField()
    {
        String guest = api.guest();
        long hotel = api.hotel("Picky Inn");
        long roomType = api.roomType(hotel, 3, 100);
        long otherHotel = api.hotel("Other Inn");
        long otherRoomType = api.roomType(otherHotel, 3, 100);
        LocalDate in = TODAY.plusDays(2);
        String template = "{\"hotel_id\": %s, \"room_type_id\": %s, \"check_in\": \"%s\", \"check_out\": \"%s\", \"rooms\": %s, \"guests\": %s}";

        record Bad(String name, String body, int status, String detail) {}
        List<Bad> cases = List.of(
                new Bad("check_out on check_in", template.formatted(hotel, roomType, in, in, 1, 1), 400, "field[check_out]"),
                new Bad("check_out before check_in", template.formatted(hotel, roomType, in, in.minusDays(1), 1, 1), 400, "field[check_out]"),
                new Bad("31 nights", template.formatted(hotel, roomType, in, in.plusDays(31), 1, 1), 400, "field[check_out]"),
                new Bad("check-in yesterday", template.formatted(hotel, roomType, TODAY.minusDays(1), TODAY, 1, 1), 400, "field[check_in]"),
                new Bad("past the horizon", template.formatted(hotel, roomType, TODAY.plusDays(364), TODAY.plusDays(366), 1, 1), 400, "field[check_out]"),
                new Bad("check-in past the horizon", template.formatted(hotel, roomType, TODAY.plusDays(400), TODAY.plusDays(401), 1, 1), 400, "field[check_out]"),
                new Bad("no rooms", template.formatted(hotel, roomType, in, in.plusDays(1), 0, 1), 400, "field[rooms]"),
                new Bad("eleven rooms", template.formatted(hotel, roomType, in, in.plusDays(1), 11, 11), 400, "field[rooms]"),
                new Bad("three guests in a double", template.formatted(hotel, roomType, in, in.plusDays(1), 1, 3), 400, "field[guests]"),
                new Bad("unknown room type", template.formatted(hotel, 987654321, in, in.plusDays(1), 1, 1), 404, "RoomType[987654321] not found"),
                new Bad("another hotel's room type", template.formatted(hotel, otherRoomType, in, in.plusDays(1), 1, 1), 422, "field[room_type_id]"),
                new Bad("no check_in", "{\"hotel_id\": %s, \"room_type_id\": %s, \"check_out\": \"%s\"}".formatted(hotel, roomType, in), 400, "field[check_in]"),
                new Bad("a date that is not one", template.formatted(hotel, roomType, "2031-02-30", in, 1, 1), 400, "check_in"),
                new Bad("a price sent by the client", template.formatted(hotel, roomType, in, in.plusDays(1), 1, 1).replace("}", ", \"total_cents\": 1}"), 400, "total_cents"));
        for (Bad bad : cases) {
            assertProblem(api.reserve(guest, UUID.randomUUID().toString(), bad.body()), bad.status(), bad.detail());
        }

        String valid = TestingReservations.body(hotel, roomType, in, in.plusDays(1), 1);
        assertProblem(booking.send("POST", "/v1/reservations", valid, Map.of("Authorization", "Bearer " + guest)), 400, "header[Idempotency-Key] is required");
        assertProblem(api.reserve(guest, "k".repeat(256), valid), 400, "header[Idempotency-Key]");
        assertProblem(api.reserve(guest, "", valid), 400, "header[Idempotency-Key]");
        assertProblem(booking.send("POST", "/v1/reservations", valid, Map.of("Idempotency-Key", "k")), 401, "bearer token");
        assertProblem(api.reserve(booking.adminToken(), "k", valid), 403, "guest token");
        assertProblem(api.read(guest, "not-a-uuid"), 400, "path parameter[id]");
        assertThat(api.held(hotel, roomType, in, in.plusDays(1)).values()).containsOnly(0);
    }

    /** {@code racers} calls released at once, each on its own thread; their answers in index order. */
    static List<TestingBookingApp.Response> race(int racers, Racer racer)
            throws Exception
    {
        ExecutorService threads = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<TestingBookingApp.Response>> futures = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                int index = i;
                Callable<TestingBookingApp.Response> call = () -> {
                    go.await();
                    return racer.run(index);
                };
                futures.add(threads.submit(call));
            }
            go.countDown();
            List<TestingBookingApp.Response> answers = new ArrayList<>();
            for (Future<TestingBookingApp.Response> future : futures) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }
            return answers;
        }
        finally {
            threads.shutdownNow();
        }
    }

    interface Racer
    {
        TestingBookingApp.Response run(int index);
    }
}
