package io.hotellambda.booking.maintenance;

import io.hotellambda.booking.BookingAppConfig;
import io.hotellambda.booking.Transactions;
import io.hotellambda.booking.idempotency.IdempotencyKeys;
import io.hotellambda.booking.inventory.InventoryRepository;
import io.hotellambda.booking.reservations.ReservationRepository;
import io.hotellambda.config.Settings;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code bin/booking-maintenance <task> --date YYYY-MM-DD}: booking-app's housekeeping for one
 * scheduled day, run by the nightly DAG as a person would run it. booking-app does the same work
 * in its background loops; this runs it for a data interval, so a scheduler can prove it ran and
 * rerun it. Every task is idempotent and reads no clock: "now" is the end of the given day (its
 * next midnight, UTC), so a rerun of a day does what the first run did.
 *
 * <ul>
 * <li>{@code archive-reservations}: moves reservations terminal for longer than
 * {@code archive.retention} before then into {@code reservations_archive};</li>
 * <li>{@code roll-inventory}: puts every room type's nights on sale through
 * {@code inventory.horizon.days} after then;</li>
 * <li>{@code reap-idempotency-keys}: deletes idempotency keys older than
 * {@code idempotency.retention} before then.</li>
 * </ul>
 * Exits 0 when done, 64 on bad arguments (with the usage), 1 when the database refused.
 */
public final class MaintenanceMain
{
    static final String USAGE = """
            usage: bin/booking-maintenance <task> --date YYYY-MM-DD
              archive-reservations   move reservations terminal for archive.retention before the day's end to reservations_archive
              roll-inventory         put every room type's nights on sale through inventory.horizon.days after the day's end
              reap-idempotency-keys  delete idempotency keys older than idempotency.retention before the day's end
            Settings as booking-app's (BOOKING_APP_* environment variables); the quickstart's database by default.""";
    private static final int BATCH = 1_000;

    public enum Task { ARCHIVE_RESERVATIONS, ROLL_INVENTORY, REAP_IDEMPOTENCY_KEYS }

    /** A parsed command line: the task and the scheduled day, or a request for the usage. */
    record Command(Task task, LocalDate day, boolean help)
    {
        /** The task's "now": the end of the day. */
        Instant end()
        {
            return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        /**
         * {@code <task> --date YYYY-MM-DD}; a trailing {@code --help} prints the usage, after the
         * arguments before it were checked (so a scheduler's test can prove a task's arguments).
         */
        static Command parse(String[] args)
        {
            boolean help = args.length > 0 && (args[args.length - 1].equals("--help") || args[args.length - 1].equals("-h"));
            String[] rest = help ? Arrays.copyOf(args, args.length - 1) : args;
            if (help && rest.length == 0) {
                return new Command(null, null, true);
            }
            if (rest.length == 0) {
                throw new IllegalArgumentException("a task is required");
            }
            Task task;
            try {
                task = Task.valueOf(rest[0].toUpperCase(Locale.ROOT).replace('-', '_'));
            }
            catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown task " + rest[0]);
            }
            if (help && rest.length == 1) {
                return new Command(task, null, true);
            }
            if (rest.length != 3 || !rest[1].equals("--date")) {
                throw new IllegalArgumentException("expected %s --date YYYY-MM-DD".formatted(rest[0]));
            }
            try {
                return new Command(task, LocalDate.parse(rest[2]), help);
            }
            catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--date[%s] must be YYYY-MM-DD".formatted(rest[2]));
            }
        }
    }

    private MaintenanceMain() {}

    public static void main(String[] args)
    {
        Command command;
        try {
            command = Command.parse(args);
        }
        catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(64);
            return;
        }
        if (command.help()) {
            System.out.println(USAGE);
            return;
        }
        BookingAppConfig config = BookingAppConfig.load(Settings.load(BookingAppConfig.ENV_PREFIX, Optional.empty(), System.getenv()));
        try {
            run(command, config, System.out);
        }
        catch (RuntimeException e) {
            System.err.println(command.task().name().toLowerCase(Locale.ROOT).replace('_', '-') + " failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Runs one task to the end: batch after batch until one comes back short. */
    static long run(Command command, BookingAppConfig config, PrintStream out)
    {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(config.databaseUrl());
        dataSource.setUser(config.databaseUser());
        dataSource.setPassword(config.databasePassword());
        Transactions transactions = new Transactions(dataSource);
        Instant end = command.end();
        long done = 0;
        switch (command.task()) {
            case ARCHIVE_RESERVATIONS -> {
                ReservationRepository reservations = new ReservationRepository();
                int moved;
                do {
                    moved = transactions.run("archive reservations", connection -> reservations.archive(connection, end.minus(config.archiveRetention()), end, BATCH));
                    done += moved;
                }
                while (moved == BATCH);
                out.printf("%s: %,d reservations terminal before %s archived%n", command.day(), done, end.minus(config.archiveRetention()));
            }
            case ROLL_INVENTORY -> {
                InventoryRepository inventory = new InventoryRepository();
                done = transactions.run("roll the inventory forward", connection -> inventory.extendHorizon(connection, end, config.inventoryHorizonDays(), Optional.empty()));
                out.printf("%s: %,d nights put on sale (horizon %s days after %s)%n", command.day(), done, config.inventoryHorizonDays(), end);
            }
            case REAP_IDEMPOTENCY_KEYS -> {
                IdempotencyKeys keys = new IdempotencyKeys();
                int reaped;
                do {
                    reaped = transactions.run("reap idempotency keys", connection -> keys.reap(connection, end.minus(config.idempotencyRetention()), BATCH));
                    done += reaped;
                }
                while (reaped == BATCH);
                out.printf("%s: %,d idempotency keys created before %s deleted%n", command.day(), done, end.minus(config.idempotencyRetention()));
            }
        }
        return done;
    }
}
