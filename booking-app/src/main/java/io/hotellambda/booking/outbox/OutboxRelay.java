package io.hotellambda.booking.outbox;

import io.hotellambda.booking.Databases;
import io.hotellambda.schemas.DomainException;
import io.hotellambda.schemas.Topics;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes {@code booking_outbox} to {@code booking_events}, one relay at a time: the relay that
 * holds a PostgreSQL session advisory lock publishes, any other (another booking-app instance)
 * waits for the lock, which PostgreSQL releases when the holder's session ends, killed or not.
 * <p>
 * Each round reads unpublished rows in id order, sends them keyed by hotel id with the idempotent
 * producer and {@code acks=all}, waits for every ack, and only then marks them published. A relay
 * that dies between the send and the mark leaves the rows unpublished, and the next round sends the
 * same {@code event_id}s again: consumers deduplicate by {@code event_id} (DESIGN.md, "Outbox").
 */
public final class OutboxRelay
        implements AutoCloseable
{
    /** The advisory lock's key: "booking_outbox" as a number; one relay in the database holds it. */
    public static final long LOCK_KEY = 0x626f6f6b696e67L;
    public static final String EVENT_ID_HEADER = "event_id";

    private final Sessions sessions;
    private final Outbox outbox;
    private final Producer<String, byte[]> producer;
    private final Clock clock;
    private final int batchSize;
    private final Duration ackTimeout;
    private Connection leader;

    /** Opens a database session of the relay's own, outside any pool: the lock lives and dies with it. */
    public interface Sessions
    {
        Connection open()
                throws SQLException;
    }

    public OutboxRelay(Sessions sessions, Outbox outbox, Producer<String, byte[]> producer, Clock clock, int batchSize, Duration ackTimeout)
    {
        this.sessions = sessions;
        this.outbox = outbox;
        this.producer = producer;
        this.clock = clock;
        this.batchSize = batchSize;
        this.ackTimeout = ackTimeout;
    }

    /** One round: publish and mark up to a batch; how many rows were published (0 when another relay leads). */
    public synchronized int publishOnce()
    {
        List<Outbox.Row> sent = send();
        mark(sent);
        return sent.size();
    }

    /**
     * The first half of a round: the rows sent and acknowledged, not yet marked. Public so a test
     * can stop between the halves, as a relay killed there would.
     */
    public synchronized List<Outbox.Row> send()
    {
        List<Outbox.Row> rows;
        try {
            if (!lead()) {
                return List.of();
            }
            rows = outbox.unpublished(leader, batchSize);
        }
        catch (SQLException e) {
            dropLeadership();
            throw Databases.failure("cannot read the outbox", e);
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        try {
            for (Outbox.Row row : rows) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.BOOKING_EVENTS, Long.toString(row.hotelId()), outbox.eventBytes(row, clock.instant()));
                record.headers().add(EVENT_ID_HEADER, row.eventId().toString().getBytes(StandardCharsets.UTF_8));
                acks.add(producer.send(record));
            }
            long deadline = System.nanoTime() + ackTimeout.toNanos();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        }
        catch (ExecutionException | TimeoutException | KafkaException e) {
            // nothing is marked: the next round sends these rows again, with the same event ids
            throw DomainException.unavailable("cannot publish the outbox: Kafka did not acknowledge", e instanceof ExecutionException ? e.getCause() : e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DomainException.unavailable("interrupted while publishing the outbox", e);
        }
        return rows;
    }

    /** The second half of a round: marks acknowledged rows published. */
    public synchronized void mark(List<Outbox.Row> rows)
    {
        if (rows.isEmpty()) {
            return;
        }
        try {
            outbox.markPublished(leader, rows, clock.instant());
        }
        catch (SQLException e) {
            dropLeadership();
            throw Databases.failure("cannot mark the outbox published", e);
        }
    }

    /** Holds the lock on a connection of its own; false while another relay holds it. */
    private boolean lead()
            throws SQLException
    {
        if (leader == null) {
            Connection connection = sessions.open();
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                statement.setLong(1, LOCK_KEY);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    if (!result.getBoolean(1)) {
                        connection.close();
                        return false;
                    }
                }
            }
            catch (SQLException e) {
                connection.close();
                throw e;
            }
            leader = connection;
        }
        return true;
    }

    private void dropLeadership()
    {
        if (leader != null) {
            try {
                // a broken session has lost the lock already; a working one gives it up as it ends
                leader.close();
            }
            catch (SQLException e) {
                // gone either way
            }
            leader = null;
        }
    }

    /** Gives up the lock: another relay may take over. */
    @Override
    public synchronized void close()
    {
        if (leader != null) {
            try (PreparedStatement statement = leader.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                statement.setLong(1, LOCK_KEY);
                statement.execute();
            }
            catch (SQLException e) {
                // the session's end releases it anyway
            }
            try {
                leader.close();
            }
            catch (SQLException e) {
                // nothing left to release
            }
            leader = null;
        }
    }
}
