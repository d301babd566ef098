package io.hotellambda.booking.outbox;

import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.EventType;
import io.hotellambda.schemas.HotelEvent;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The owner of {@code booking_outbox}: booking state changes {@link #append} their event in the
 * transaction that makes the change; the relay reads the {@link #unpublished} rows in id order and
 * {@link #markPublished} them after Kafka acknowledged. A row's payload is the event's JSON without
 * {@code received_at}: the relay stamps that when it publishes (DESIGN.md, "The time axes").
 */
public final class Outbox
{
    private final EventCodec codec;

    public Outbox(EventCodec codec)
    {
        this.codec = codec;
    }

    /** One unpublished row: enough to build the Kafka record. */
    public record Row(long id, UUID eventId, String eventType, long hotelId, UUID aggregateId, byte[] payload) {}

    /** What the relay has not yet published: how many rows, and the age of the oldest. */
    public record Backlog(long rows, Duration oldestAge) {}

    /** An event to write, and the reservation (or other aggregate) it is about. */
    public record Entry(HotelEvent event, UUID aggregateId) {}

    /** Writes the events in the caller's transaction; their {@code received_at} is dropped and stamped on publish. */
    public void append(Connection connection, List<Entry> entries)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO booking_outbox (event_id, event_type, hotel_id, aggregate_id, payload, occurred_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Entry entry : entries) {
                HotelEvent event = entry.event();
                statement.setObject(1, event.eventId());
                statement.setString(2, EventType.of(event).typeName());
                statement.setLong(3, event.hotelId());
                statement.setObject(4, entry.aggregateId());
                statement.setBytes(5, codec.encodeUnreceived(event));
                statement.setTimestamp(6, Timestamp.from(event.occurredAt()));
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    public List<Row> unpublished(Connection connection, int limit)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, event_id, event_type, hotel_id, aggregate_id, payload FROM booking_outbox WHERE published_at IS NULL ORDER BY id LIMIT ?")) {
            statement.setInt(1, limit);
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getLong(1), result.getObject(2, UUID.class), result.getString(3), result.getLong(4),
                            result.getObject(5, UUID.class), result.getBytes(6)));
                }
            }
            return rows;
        }
    }

    public void markPublished(Connection connection, List<Row> rows, Instant at)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE booking_outbox SET published_at = ? WHERE id = ANY (?)")) {
            Array ids = connection.createArrayOf("bigint", rows.stream().map(Row::id).toArray());
            statement.setTimestamp(1, Timestamp.from(at));
            statement.setArray(2, ids);
            statement.executeUpdate();
        }
    }

    /** The row's event as the Kafka record's value, stamped {@code received_at = at}. */
    public byte[] eventBytes(Row row, Instant at)
    {
        return codec.received(row.payload(), at);
    }

    public Backlog backlog(Connection connection, Instant now)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*), min(occurred_at) FROM booking_outbox WHERE published_at IS NULL");
                ResultSet result = statement.executeQuery()) {
            result.next();
            Timestamp oldest = result.getTimestamp(2);
            Duration age = oldest == null ? Duration.ZERO : Duration.between(oldest.toInstant(), now);
            return new Backlog(result.getLong(1), age.isNegative() ? Duration.ZERO : age);
        }
    }
}
