package io.hotellambda.booking.maintenance;

import io.hotellambda.booking.BookingAppConfig;
import io.hotellambda.booking.TestingBookingApp;
import io.hotellambda.booking.TestingReservations;
import io.hotellambda.config.Settings;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.PostgresServer;
import io.hotellambda.infra.TestingLocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static io.hotellambda.booking.maintenance.MaintenanceMain.Task.ARCHIVE_RESERVATIONS;
import static io.hotellambda.booking.maintenance.MaintenanceMain.Task.REAP_IDEMPOTENCY_KEYS;
import static io.hotellambda.booking.maintenance.MaintenanceMain.Task.ROLL_INVENTORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code bin/booking-maintenance} against a real booking-app database: each task works as of the
 * end of the day it is given (no clock), and a rerun of a day does nothing more.
 */
@ExtendWith(TestingLocalStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestMaintenance
{
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    private TestingBookingApp booking;
    private TestingReservations api;
    private BookingAppConfig config;

    @BeforeAll
    void start(LocalStack stack)
    {
        booking = new TestingBookingApp(stack);
        api = new TestingReservations(booking);
        config = BookingAppConfig.load(Settings.load(BookingAppConfig.ENV_PREFIX, Optional.empty(), Map.of("BOOKING_APP_DB_URL", booking.jdbcUrl(),
                "BOOKING_APP_DB_USER", PostgresServer.USER)));
    }

    @AfterAll
    void stop()
    {
        booking.close();
    }

    @Test
    void aCommandLineIsATaskAndADayOrAskForTheUsage()
    {
        MaintenanceMain.Command command = MaintenanceMain.Command.parse(new String[] {"roll-inventory", "--date", "2026-12-05"});
        assertThat(command.task()).isEqualTo(ROLL_INVENTORY);
        assertThat(command.end()).hasToString("2026-12-06T00:00:00Z");
        assertThat(MaintenanceMain.Command.parse(new String[] {"--help"}).help()).isTrue();
        assertThat(MaintenanceMain.Command.parse(new String[] {"archive-reservations", "--date", "2026-12-05", "--help"}).help()).isTrue();
        for (String[] bad : new String[][] {{}, {"roll-inventory"}, {"vacuum", "--date", "2026-12-05"}, {"roll-inventory", "--date", "yesterday"},
                {"roll-inventory", "--date", "2026-12-05", "--force"}, {"roll-inventory", "--date", "2026-12-05", "--no-such-flag", "--help"}}) {
            assertThatThrownBy(() -> MaintenanceMain.Command.parse(bad)).as(String.join(" ", bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void eachTaskWorksAsOfTheEndOfItsDayAndARerunDoesNothingMore()
            throws Exception
    {
        String guest = api.guest();
        long hotel = api.hotel("Housekeeping House");
        long roomType = api.roomType(hotel, 3, 100);
        String cancelled = api.reserve(guest, hotel, roomType, TODAY.plusDays(5), TODAY.plusDays(6), 1).json().get("reservation_id").asText();
        assertThat(api.cancel(guest, cancelled).status()).isEqualTo(200);

        // terminal today: kept until archive.retention (30 days) has passed
        assertThat(run(ARCHIVE_RESERVATIONS, TODAY)).isZero();
        assertThat(run(ARCHIVE_RESERVATIONS, TODAY.plusDays(31))).isEqualTo(1);
        assertThat(run(ARCHIVE_RESERVATIONS, TODAY.plusDays(31))).isZero();
        assertThat(count("SELECT count(*) FROM reservations_archive WHERE id = '%s'".formatted(cancelled))).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM reservations WHERE id = '%s'".formatted(cancelled))).isZero();

        // keys made today: older than idempotency.retention (24 h) only as of tomorrow's end
        long keys = count("SELECT count(*) FROM idempotency_keys");
        assertThat(keys).isPositive();
        assertThat(run(REAP_IDEMPOTENCY_KEYS, TODAY.minusDays(1))).isZero();
        assertThat(run(REAP_IDEMPOTENCY_KEYS, TODAY.plusDays(1))).isEqualTo(keys);
        assertThat(run(REAP_IDEMPOTENCY_KEYS, TODAY.plusDays(1))).isZero();

        // the horizon (365 nights from the day's end) moves with the day given, not with the clock
        LocalDate last = lastNight(roomType);
        assertThat(run(ROLL_INVENTORY, TODAY.plusDays(10))).isPositive();
        assertThat(lastNight(roomType)).isEqualTo(TODAY.plusDays(11).plusDays(config.inventoryHorizonDays() - 1));
        assertThat(lastNight(roomType)).isAfter(last);
        assertThat(run(ROLL_INVENTORY, TODAY.plusDays(10))).isZero();
    }

    private long run(MaintenanceMain.Task task, LocalDate day)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long done = MaintenanceMain.run(new MaintenanceMain.Command(task, day, false), config, new PrintStream(out, true));
        assertThat(out.toString()).startsWith(day.toString());
        return done;
    }

    private LocalDate lastNight(long roomType)
            throws Exception
    {
        try (Connection db = DriverManager.getConnection(booking.jdbcUrl(), PostgresServer.USER, "");
                ResultSet row = db.createStatement().executeQuery("SELECT max(stay_date) FROM room_inventory WHERE room_type_id = " + roomType)) {
            row.next();
            return row.getObject(1, LocalDate.class);
        }
    }

    private long count(String sql)
            throws Exception
    {
        try (Connection db = DriverManager.getConnection(booking.jdbcUrl(), PostgresServer.USER, "");
                ResultSet row = db.createStatement().executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
