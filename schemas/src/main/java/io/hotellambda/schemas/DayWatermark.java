package io.hotellambda.schemas;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * A batch watermark W: a row {@code name} of {@code serving.batch_watermark} over a table of
 * computed days ({@code daysTable}, with {@code day}, {@code complete} and {@code forced}). W moves
 * over consecutive complete, unforced days from where it stands (from the first such day, the
 * first time), so a missing, incomplete or forced day holds it back. Views and bookings each have
 * one.
 */
record DayWatermark(String name, String daysTable)
{
    Optional<Instant> current(Connection connection, boolean lock)
            throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement("SELECT watermark FROM serving.batch_watermark WHERE name = ?" + (lock ? " FOR UPDATE" : ""))) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getTimestamp(1).toInstant()) : Optional.empty();
            }
        }
    }

    /** Moves W past every complete day from {@code current} on; returns W after. */
    Optional<Instant> advance(Connection connection, Optional<Instant> current)
            throws SQLException
    {
        LocalDate next;
        if (current.isPresent()) {
            next = day(current.get());
        }
        else {
            Optional<LocalDate> first = firstCompleteDay(connection);
            if (first.isEmpty()) {
                return Optional.empty();
            }
            next = first.get();
        }
        while (isComplete(connection, next)) {
            next = next.plusDays(1);
        }
        Instant watermark = next.atStartOfDay(ZoneOffset.UTC).toInstant();
        if (current.isPresent() && !watermark.isAfter(current.get())) {
            return current;
        }
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO serving.batch_watermark (name, watermark, updated_at) VALUES (?, ?, now())
                ON CONFLICT (name) DO UPDATE SET watermark = excluded.watermark, updated_at = excluded.updated_at""")) {
            upsert.setString(1, name);
            upsert.setTimestamp(2, Timestamp.from(watermark));
            upsert.executeUpdate();
        }
        return Optional.of(watermark);
    }

    static LocalDate day(Instant watermark)
    {
        return LocalDate.ofInstant(watermark, ZoneOffset.UTC);
    }

    private Optional<LocalDate> firstCompleteDay(Connection connection)
            throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement("SELECT min(day) FROM " + daysTable + " WHERE complete AND NOT forced");
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return Optional.ofNullable(rows.getObject(1, LocalDate.class));
        }
    }

    private boolean isComplete(Connection connection, LocalDate day)
            throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement("SELECT complete AND NOT forced FROM " + daysTable + " WHERE day = ?")) {
            select.setObject(1, day);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }
}
