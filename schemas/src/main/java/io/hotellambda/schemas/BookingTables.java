package io.hotellambda.schemas;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The batch layer's booking numbers in PostgreSQL (migration V10 beside this class): each computed
 * day's {@link BookingMetric}s per hotel, UTC hour and currency, the days computed, and their own
 * watermark W ({@link #WATERMARK}). The one owner of these tables' SQL, as {@link ServingTables} is
 * for views: the nightly job publishes through {@link #publish}, the serving layer and the audit
 * read through the {@code read...} methods. A publish is one transaction that replaces the day.
 */
public final class BookingTables
{
    /** The watermark row of the booking numbers in {@code serving.batch_watermark}. */
    public static final String WATERMARK = "daily_hotel_bookings";
    private static final DayWatermark W = new DayWatermark(WATERMARK, "serving.booking_batch_days");
    private static final String COLUMNS = Arrays.stream(BookingMetric.values()).map(BookingMetric::column).collect(Collectors.joining(", "));

    /**
     * A hotel's numbers in one currency over one UTC hour of a day (or, read back summed, over the
     * day: hour -1). {@code values} are indexed by {@link BookingMetric#ordinal}.
     */
    public record HourRow(long hotelId, LocalDate day, int hour, String currency, long[] values)
    {
        public HourRow
        {
            requireNonNull(day, "day is null");
            requireNonNull(currency, "currency is null");
            if (values.length != BookingMetric.values().length) {
                throw new IllegalArgumentException("values has %s numbers, not one per metric".formatted(values.length));
            }
            values = values.clone();
        }

        public long get(BookingMetric metric)
        {
            return values[metric.ordinal()];
        }
    }

    public record DayResult(LocalDate day, boolean complete, boolean forced, Optional<Instant> archiveWatermark, long events, List<HourRow> rows)
    {
        public DayResult
        {
            requireNonNull(day, "day is null");
            requireNonNull(archiveWatermark, "archiveWatermark is null");
            rows = List.copyOf(rows);
        }
    }

    /** A computed day: {@code beforeWatermark} when the serving layer answers it from the batch. */
    public record BatchDay(LocalDate day, boolean complete, boolean forced, int hotels, long events, boolean beforeWatermark) {}

    private BookingTables() {}

    /** Replaces {@code result}'s day and moves W, in one transaction; returns W after it. */
    public static Optional<Instant> publish(Connection connection, DayResult result)
            throws SQLException
    {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            Optional<Instant> before = W.current(connection, true);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM serving.hotel_booking_hours WHERE day = ?")) {
                delete.setObject(1, result.day());
                delete.executeUpdate();
            }
            StringBuilder csv = new StringBuilder(result.rows().size() * 64);
            for (HourRow row : result.rows()) {
                if (!row.day().equals(result.day())) {
                    throw new IllegalArgumentException("a row of %s in the result of %s".formatted(row.day(), result.day()));
                }
                csv.append(result.day()).append(',').append(row.hotelId()).append(',').append(row.hour()).append(',').append(row.currency());
                for (long value : row.values()) {
                    csv.append(',').append(value);
                }
                csv.append('\n');
            }
            ServingTables.copy(connection, "COPY serving.hotel_booking_hours (day, hotel_id, hour, currency, %s) FROM STDIN (FORMAT csv)".formatted(COLUMNS),
                    csv, result.day());
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO serving.booking_batch_days (day, complete, forced, hotels, events, archive_watermark, computed_at)
                    VALUES (?, ?, ?, ?, ?, ?, now())
                    ON CONFLICT (day) DO UPDATE SET complete = excluded.complete, forced = excluded.forced, hotels = excluded.hotels,
                        events = excluded.events, archive_watermark = excluded.archive_watermark, computed_at = excluded.computed_at""")) {
                upsert.setObject(1, result.day());
                upsert.setBoolean(2, result.complete());
                upsert.setBoolean(3, result.forced());
                upsert.setInt(4, (int) result.rows().stream().mapToLong(HourRow::hotelId).distinct().count());
                upsert.setLong(5, result.events());
                upsert.setTimestamp(6, result.archiveWatermark().map(Timestamp::from).orElse(null));
                upsert.executeUpdate();
            }
            Optional<Instant> after = W.advance(connection, before);
            connection.commit();
            return after;
        }
        catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
        finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    public static Optional<Instant> watermark(Connection connection)
            throws SQLException
    {
        return W.current(connection, false);
    }

    /** The computed days in {@code [from, end)} before W: the days the serving layer answers from the batch. */
    public static Set<LocalDate> readBatchDays(Connection connection, LocalDate from, LocalDate end)
            throws SQLException
    {
        Set<LocalDate> days = new TreeSet<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT day FROM serving.booking_batch_days
                WHERE day >= ? AND day < ?
                  AND day < coalesce((SELECT (watermark AT TIME ZONE 'UTC')::date FROM serving.batch_watermark WHERE name = ?), '-infinity'::date)""")) {
            select.setObject(1, from);
            select.setObject(2, end);
            select.setString(3, WATERMARK);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    days.add(row.getObject(1, LocalDate.class));
                }
            }
        }
        return days;
    }

    /** A computed day, if it was. */
    public static Optional<BatchDay> readBatchDay(Connection connection, LocalDate day)
            throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT complete, forced, hotels, events,
                       day < coalesce((SELECT (watermark AT TIME ZONE 'UTC')::date FROM serving.batch_watermark WHERE name = ?), '-infinity'::date)
                FROM serving.booking_batch_days WHERE day = ?""")) {
            select.setString(1, WATERMARK);
            select.setObject(2, day);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new BatchDay(day, row.getBoolean(1), row.getBoolean(2), row.getInt(3), row.getLong(4), row.getBoolean(5))) : Optional.empty();
            }
        }
    }

    /** One hotel's rows of the days {@code [from, end)}, by day, hour and currency. */
    public static List<HourRow> readHotelHours(Connection connection, long hotelId, LocalDate from, LocalDate end)
            throws SQLException
    {
        return read(connection, "SELECT hotel_id, day, hour, currency, %s FROM serving.hotel_booking_hours WHERE hotel_id = ? AND day >= ? AND day < ? ORDER BY day, hour, currency"
                .formatted(COLUMNS), List.of(hotelId, from, end));
    }

    /** Every hotel's numbers of one day per currency (hour -1), by hotel and currency. */
    public static List<HourRow> readDayTotals(Connection connection, LocalDate day)
            throws SQLException
    {
        String sums = Arrays.stream(BookingMetric.values()).map(metric -> "sum(" + metric.column() + ")::bigint").collect(Collectors.joining(", "));
        return read(connection, "SELECT hotel_id, day, -1, currency, %s FROM serving.hotel_booking_hours WHERE day = ? GROUP BY hotel_id, day, currency ORDER BY hotel_id, currency"
                .formatted(sums), List.of(day));
    }

    private static List<HourRow> read(Connection connection, String select, List<Object> parameters)
            throws SQLException
    {
        List<HourRow> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(select)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            statement.setFetchSize(10_000);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    long[] values = new long[BookingMetric.values().length];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = row.getLong(5 + i);
                    }
                    rows.add(new HourRow(row.getLong(1), row.getObject(2, LocalDate.class), row.getInt(3), row.getString(4), values));
                }
            }
        }
        return rows;
    }
}
