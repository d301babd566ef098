package io.hotellambda.serving.bookings;

import io.hotellambda.schemas.BookingTables;
import io.hotellambda.serving.ServingDatabase;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The batch's booking numbers of one hotel, read from PostgreSQL per request (through
 * {@link BookingTables}, their owner) in one read-only transaction, so W, the days before it and
 * their rows come from one publish. A hotel's range is a few hundred rows at most.
 */
public final class BookingBatchRepository
{
    /** W, the computed days before it within the range, and the hotel's rows of those days. */
    public record HotelBatch(Optional<Instant> watermark, Set<LocalDate> days, List<BookingTables.HourRow> rows) {}

    private final ServingDatabase database;

    public BookingBatchRepository(ServingDatabase database)
    {
        this.database = database;
    }

    /** The hotel's batch over the days {@code [from, end)}. */
    public HotelBatch hotel(long hotelId, LocalDate from, LocalDate end)
            throws SQLException
    {
        return database.read(connection -> {
            Optional<Instant> watermark = BookingTables.watermark(connection);
            Set<LocalDate> days = BookingTables.readBatchDays(connection, from, end);
            List<BookingTables.HourRow> rows = days.isEmpty() ? List.of() : BookingTables.readHotelHours(connection, hotelId, from, end).stream()
                    .filter(row -> days.contains(row.day()))
                    .toList();
            return new HotelBatch(watermark, days, rows);
        }, () -> new HotelBatch(Optional.empty(), Set.of(), List.of()));
    }
}
