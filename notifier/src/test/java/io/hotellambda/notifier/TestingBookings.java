package io.hotellambda.notifier;

import io.hotellambda.infra.LocalStack;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.Migrations;
import io.hotellambda.schemas.PlatformEvent;
import io.hotellambda.schemas.ReservationCancelled;
import io.hotellambda.schemas.ReservationConfirmed;
import io.hotellambda.schemas.ReservationCreated;
import io.hotellambda.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A booking database as booking-app leaves it (migrated; a hotel, a guest, reservations written
 * as rows) and {@code booking_events} as its relay publishes them: the notifier's two inputs.
 */
final class TestingBookings
        implements AutoCloseable
{
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final String jdbcUrl;
    private final KafkaProducer<String, byte[]> producer;
    private final EventCodec codec = new EventCodec();
    private final long hotelId;
    private final long roomTypeId;

    TestingBookings(LocalStack stack, String hotelEmail)
    {
        String database = "notifier_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        stack.postgres().createDatabase(database);
        jdbcUrl = stack.postgres().jdbcUrl(database);
        Migrations.catalog(jdbcUrl, "postgres", "");
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
        try (Connection connection = connection()) {
            hotelId = id(connection, "INSERT INTO hotels (name, city, country, address, star_rating) VALUES ('Mail Inn', 'Leiden', 'NL', 'Breestraat 1', 3) RETURNING id");
            roomTypeId = id(connection, "INSERT INTO room_types (hotel_id, name, capacity, quantity, price_min_cents, price_max_cents, base_price_cents) VALUES (%s, 'Double', 2, 10, 5000, 50000, 10000) RETURNING id"
                    .formatted(hotelId));
            if (hotelEmail != null) {
                try (PreparedStatement statement = connection.prepareStatement("INSERT INTO hotel_booking_settings (hotel_id, email, updated_at) VALUES (?, ?, now())")) {
                    statement.setLong(1, hotelId);
                    statement.setString(2, hotelEmail);
                    statement.executeUpdate();
                }
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    String jdbcUrl()
    {
        return jdbcUrl;
    }

    /** A guest and a confirmed reservation of theirs (invoice {@code INV-TEST-<n>}); its id. */
    UUID reservation(String guestEmail)
    {
        UUID guest = UUID.randomUUID();
        UUID reservation = UUID.randomUUID();
        try (Connection connection = connection();
                PreparedStatement addGuest = connection.prepareStatement("INSERT INTO guests (id, email, name, token_sha256) VALUES (?, ?, 'Ada Guest', ?)");
                PreparedStatement addReservation = connection.prepareStatement("""
                        INSERT INTO reservations (id, hotel_id, room_type_id, guest_id, check_in, check_out, rooms, guests, status, night_prices_cents, total_cents,
                            currency, hold_expires_at, created_at, updated_at, invoice_number, paid_cents)
                        VALUES (?, ?, ?, ?, DATE '2031-05-01', DATE '2031-05-03', 1, 2, 'confirmed', '{10000,10000}', 20000, 'EUR', now(), now(), now(), ?, 20000)""")) {
            addGuest.setObject(1, guest);
            addGuest.setString(2, guestEmail);
            addGuest.setBytes(3, java.security.MessageDigest.getInstance("SHA-256").digest(guest.toString().getBytes()));
            addGuest.executeUpdate();
            addReservation.setObject(1, reservation);
            addReservation.setLong(2, hotelId);
            addReservation.setLong(3, roomTypeId);
            addReservation.setObject(4, guest);
            addReservation.setString(5, "INV-TEST-" + reservation.toString().substring(0, 8));
            addReservation.executeUpdate();
            return reservation;
        }
        catch (SQLException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    ReservationCreated created(UUID reservation)
    {
        Instant now = Instant.now();
        return new ReservationCreated(UUID.randomUUID(), now, now, hotelId, reservation, roomTypeId, "guest", LocalDate.parse("2031-05-01"), LocalDate.parse("2031-05-03"),
                1, 20000, "EUR", now.plus(Duration.ofMinutes(10)));
    }

    ReservationConfirmed confirmed(UUID reservation)
    {
        Instant now = Instant.now();
        return new ReservationConfirmed(UUID.randomUUID(), now, now, hotelId, reservation, roomTypeId, 20000, "EUR", "pi_test", null, null, null, null);
    }

    ReservationCancelled cancelled(UUID reservation, long refundCents)
    {
        Instant now = Instant.now();
        return new ReservationCancelled(UUID.randomUUID(), now, now, hotelId, reservation, roomTypeId, refundCents, "EUR", "guest_cancelled");
    }

    void publish(PlatformEvent event)
    {
        publishRaw(codec.encode(event));
    }

    void publishRaw(byte[] value)
    {
        try {
            producer.send(new ProducerRecord<>(Topics.BOOKING_EVENTS, Long.toString(hotelId), value)).get();
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many mails the ledger marks sent. */
    long sentInLedger()
    {
        try (Connection connection = connection();
                PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM notifications WHERE sent_at IS NOT NULL");
                ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection connection()
            throws SQLException
    {
        return DriverManager.getConnection(jdbcUrl, "postgres", "");
    }

    private static long id(Connection connection, String sql)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    @Override
    public void close()
    {
        producer.close();
    }
}
