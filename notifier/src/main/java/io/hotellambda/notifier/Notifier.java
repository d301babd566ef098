package io.hotellambda.notifier;

import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.InvalidEventException;
import io.hotellambda.schemas.PlatformEvent;
import io.hotellambda.schemas.RoomPricesChanged;
import io.hotellambda.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The notifier's loop: reads {@code booking_events} as the consumer group {@code notifier}, sends
 * each event's mails ({@link MailRenderer}) once per recipient ({@link NotificationLedger}), and
 * commits a batch's offsets only when every record in it is done. SMTP or PostgreSQL away: the
 * step is retried with exponential backoff, nothing is skipped and nothing later overtakes it.
 * An event it cannot decode or render goes to {@code dead_letter} with the reason.
 */
public final class Notifier
        implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final NotifierConfig config;
    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> deadLetters;
    private final EventCodec codec = new EventCodec();
    private final Recipients recipients = new Recipients();
    private final MailRenderer renderer = new MailRenderer();
    private final NotificationLedger ledger = new NotificationLedger();
    private final SmtpSender smtp;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Counter sent;
    private final Counter deadLettered;
    private volatile boolean running = true;
    private Connection database;

    /** {@code metrics}: where it counts mails sent ({@code notifier_mails_sent_total}), events sent to dead_letter, and failed attempts per step. */
    public Notifier(NotifierConfig config, Consumer<String, byte[]> consumer, Producer<String, byte[]> deadLetters, Clock clock, MeterRegistry metrics)
    {
        this.metrics = metrics;
        this.sent = Counter.builder("notifier.mails.sent").description("Mails sent and marked in the ledger").register(metrics);
        this.deadLettered = Counter.builder("notifier.dead.letters").description("Events sent to dead_letter, with their reason").register(metrics);
        this.config = config;
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.smtp = new SmtpSender(config.smtpHost(), config.smtpPort(), config.from());
    }

    /** Runs until {@link #stop}; a Kafka failure it cannot go on from is thrown, and the process exits non-zero. */
    public void run()
    {
        consumer.subscribe(List.of(Topics.BOOKING_EVENTS));
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                if (!handle(records)) {
                    // stopped mid-batch, not committed: the next run starts at this batch, and the ledger skips what was sent
                    return;
                }
                consumer.commitSync();
            }
        }
        catch (WakeupException e) {
            if (running) {
                throw e;
            }
        }
    }

    /** An event of a poll, decoded, and the reservation it is about. */
    private record Addressed(ConsumerRecord<String, byte[]> record, PlatformEvent event, UUID reservation) {}

    /**
     * A poll's records: decoded (what does not decode goes to {@code dead_letter}), the parties of
     * their reservations read in one query, their mails claimed in one statement, then sent in
     * order, each marked sent on its own so a crash repeats at most the one in flight. SMTP or
     * PostgreSQL away: the step is retried with backoff. False when stopped first.
     */
    private boolean handle(ConsumerRecords<String, byte[]> records)
    {
        List<Addressed> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            PlatformEvent event;
            try {
                event = codec.decode(record.value() == null ? new byte[0] : record.value());
            }
            catch (InvalidEventException e) {
                deadLetter(record, e.getMessage());
                continue;
            }
            if (event instanceof RoomPricesChanged) {
                // a pricing change, not a reservation's: nobody is written to
                continue;
            }
            Optional<UUID> reservation = MailRenderer.reservationOf(event);
            if (reservation.isEmpty()) {
                deadLetter(record, "a %s event on %s is not about a reservation".formatted(event.getClass().getSimpleName(), record.topic()));
                continue;
            }
            events.add(new Addressed(record, event, reservation.get()));
        }
        Optional<Map<UUID, Recipients.Parties>> parties = retrying("read the recipients",
                () -> recipients.of(database(), events.stream().map(Addressed::reservation).collect(Collectors.toSet())));
        if (parties.isEmpty()) {
            return false;
        }
        // by key: an event delivered twice in one poll renders the same mails, which go once (and one
        // INSERT ... ON CONFLICT DO UPDATE may not touch a row twice)
        Map<String, Mail> byKey = new LinkedHashMap<>();
        for (Addressed event : events) {
            Recipients.Parties found = parties.get().get(event.reservation());
            if (found == null) {
                deadLetter(event.record(), "Reservation[%s] is not in the booking database: nobody to write to".formatted(event.reservation()));
                continue;
            }
            List<Mail> rendered;
            try {
                rendered = renderer.render(event.event(), found);
            }
            catch (IllegalArgumentException e) {
                deadLetter(event.record(), e.getMessage());
                continue;
            }
            // an address no mail library takes would fail every retry and hold up all mail behind it
            Optional<String> unaddressable = rendered.stream().map(Mail::recipient).filter(recipient -> !SmtpSender.parses(recipient)).findFirst();
            if (unaddressable.isPresent()) {
                deadLetter(event.record(), "recipient '%s' of Reservation[%s] is not a mail address".formatted(unaddressable.get(), event.reservation()));
                continue;
            }
            rendered.forEach(mail -> byKey.putIfAbsent(mail.key(), mail));
        }
        List<Mail> mails = List.copyOf(byKey.values());
        Optional<Set<String>> sentBefore = retrying("claim the mails", () -> ledger.alreadySent(database(), mails));
        if (sentBefore.isEmpty()) {
            return false;
        }
        for (Mail mail : mails) {
            if (sentBefore.get().contains(mail.key())) {
                continue;
            }
            // the send and the mark are retried apart: a mark that fails does not send the mail again
            if (retrying("send a mail", () -> {
                smtp.send(mail, clock.instant());
                return true;
            }).isEmpty() || retrying("mark a mail sent", () -> {
                ledger.markSent(database(), mail, clock.instant());
                return true;
            }).isEmpty()) {
                return false;
            }
            sent.increment();
        }
        return true;
    }

    /** A step that needs SMTP or PostgreSQL. */
    private interface Step<T>
    {
        T run()
                throws MessagingException, SQLException;
    }

    /** Runs the step until it succeeds, with backoff while its dependency is away; empty when stopped first. */
    private <T> Optional<T> retrying(String what, Step<T> step)
    {
        Duration backoff = config.retryInitial();
        while (running) {
            try {
                return Optional.of(step.run());
            }
            catch (MessagingException | SQLException e) {
                LOG.warn("cannot {}: {}; retrying in {}", what, e.toString(), backoff);
                Counter.builder("notifier.failed.attempts").description("Attempts that failed because SMTP or PostgreSQL was away, by step; each is retried")
                        .tag("step", what).register(metrics).increment();
                if (e instanceof SQLException) {
                    closeDatabase();
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(config.retryMax()) > 0 ? config.retryMax() : backoff.multipliedBy(2);
            }
        }
        return Optional.empty();
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason)
    {
        ProducerRecord<String, byte[]> rejected = new ProducerRecord<>(Topics.DEAD_LETTER, record.key(), record.value() == null ? new byte[0] : record.value());
        rejected.headers().add("reason", reason.getBytes(StandardCharsets.UTF_8))
                .add("source_topic", record.topic().getBytes(StandardCharsets.UTF_8))
                .add("source_partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8))
                .add("source_offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8))
                .add("rejected_by", "notifier".getBytes(StandardCharsets.UTF_8));
        try {
            // acknowledged before the offset can be committed: a rejected event is never lost
            deadLetters.send(rejected).get(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to dead_letter", e);
        }
        catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to dead_letter", e);
        }
        deadLettered.increment();
        LOG.warn("{}-{}@{} to dead_letter: {}", record.topic(), record.partition(), record.offset(), reason);
    }

    private Connection database()
            throws SQLException
    {
        if (database == null || database.isClosed()) {
            database = DriverManager.getConnection(config.databaseUrl(), config.databaseUser(), config.databasePassword());
        }
        return database;
    }

    private void closeDatabase()
    {
        if (database != null) {
            try {
                database.close();
            }
            catch (SQLException e) {
                // already broken
            }
            database = null;
        }
    }

    private void sleep(Duration duration)
    {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Asks the loop to end after the record in hand; safe from another thread. */
    public void stop()
    {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void close()
    {
        smtp.close();
        closeDatabase();
    }
}
