package io.hotellambda.notifier;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.hotellambda.infra.ChildProcess;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.Ports;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifier against real Kafka, PostgreSQL and an SMTP server (GreenMail): one mail per event
 * and recipient, through duplicates, an SMTP outage and a {@code kill -9}; what it cannot render
 * goes to {@code dead_letter} with the reason.
 */
@ExtendWith(TestingLocalStack.class)
class TestNotifier
{
    private LocalStack stack;
    private int smtpPort;
    /** Every message any GreenMail instance of this test received (an outage replaces the instance). */
    private final List<MimeMessage> received = new ArrayList<>();
    private GreenMail smtp;

    @BeforeEach
    void start(LocalStack stack)
    {
        this.stack = stack;
        smtpPort = Ports.freePort();
        smtp = startSmtp();
    }

    @AfterEach
    void stop()
    {
        stopSmtp();
    }

    @Test
    void aConfirmationMailsTheGuestAndTheHotelOnceEvenWhenTheEventComesTwice()
            throws Exception
    {
        try (TestingBookings bookings = new TestingBookings(stack, "desk@mail-inn.example")) {
            UUID reservation = bookings.reservation("ada@guest.example");
            var confirmed = bookings.confirmed(reservation);
            bookings.publish(confirmed);
            bookings.publish(confirmed);
            bookings.publish(bookings.cancelled(reservation, 15_000));
            try (Running notifier = new Running(bookings)) {
                // started after the three are in Kafka: the duplicate comes in the same poll as the original
                await(() -> mails().size() >= 4, "four mails");
                pause(Duration.ofSeconds(2));
                assertThat(notifier.count("notifier.mails.sent")).isEqualTo(4.0);
            }
            List<MimeMessage> mails = mails();
            assertThat(recipients(mails)).containsExactlyInAnyOrder("ada@guest.example", "desk@mail-inn.example", "ada@guest.example", "desk@mail-inn.example");
            String guestConfirmation = body(mails.stream().filter(mail -> to(mail).equals("ada@guest.example") && subject(mail).contains("confirmation")).findFirst().orElseThrow());
            assertThat(guestConfirmation).contains("EUR 200.00").contains("INV-TEST-" + reservation.toString().substring(0, 8));
            String cancellation = body(mails.stream().filter(mail -> to(mail).equals("ada@guest.example") && subject(mail).contains("cancellation")).findFirst().orElseThrow());
            assertThat(cancellation).contains("Refund: EUR 150.00");
            assertThat(bookings.sentInLedger()).isEqualTo(4);
        }
    }

    @Test
    void whatCannotBeRenderedGoesToDeadLetterWithTheReason()
            throws Exception
    {
        Map<TopicPartition, Long> mark = endOffsets(Topics.DEAD_LETTER);
        try (TestingBookings bookings = new TestingBookings(stack, null); Running notifier = new Running(bookings)) {
            bookings.publishRaw("{not json".getBytes(StandardCharsets.UTF_8));
            bookings.publish(bookings.confirmed(UUID.randomUUID()));
            // written to the database past booking-app's own check, as an older version might have
            bookings.publish(bookings.created(bookings.reservation("a\"quote@guest.example")));
            UUID reservation = bookings.reservation("bob@guest.example");
            bookings.publish(bookings.created(reservation));

            // the good event after the bad ones still goes out: nothing blocks behind a rejection
            await(() -> mails().size() >= 1, "the hold mail");
            List<String> reasons = deadLetterReasons(mark, 3);
            assertThat(reasons).anySatisfy(reason -> assertThat(reason).contains("malformed JSON"));
            assertThat(reasons).anySatisfy(reason -> assertThat(reason).contains("is not in the booking database"));
            assertThat(reasons).anySatisfy(reason -> assertThat(reason).contains("is not a mail address"));
            assertThat(recipients(mails())).containsExactly("bob@guest.example");
            assertThat(notifier.count("notifier.dead.letters")).isGreaterThanOrEqualTo(3.0);
        }
    }

    @Test
    void anSmtpOutageOfThirtySecondsDelaysMailAndLosesNone()
            throws Exception
    {
        try (TestingBookings bookings = new TestingBookings(stack, "desk@mail-inn.example"); Running notifier = new Running(bookings)) {
            stopSmtp();
            List<UUID> reservations = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                UUID reservation = bookings.reservation("guest%s@guest.example".formatted(i));
                reservations.add(reservation);
                bookings.publish(bookings.created(reservation));
            }
            pause(Duration.ofSeconds(30));
            assertThat(bookings.sentInLedger()).isZero();
            smtp = startSmtp();

            await(() -> mails().size() >= 10, "ten mails after the outage");
            pause(Duration.ofSeconds(1));
            assertThat(messageIds(mails())).hasSize(10).doesNotHaveDuplicates();
            assertThat(bookings.sentInLedger()).isEqualTo(10);
            assertThat(notifier.count("notifier.mails.sent")).isEqualTo(10.0);
            assertThat(notifier.count("notifier.failed.attempts")).isPositive();
        }
    }

    @Test
    void killedMidStreamAndRestartedItSendsEveryMailOnceButTheOneInFlight(@TempDir Path directory)
            throws Exception
    {
        try (TestingBookings bookings = new TestingBookings(stack, "desk@mail-inn.example")) {
            int reservations = 150;
            for (int i = 0; i < reservations; i++) {
                UUID reservation = bookings.reservation("guest%s@guest.example".formatted(i));
                bookings.publish(bookings.created(reservation));
            }
            String group = "notifier-kill-" + UUID.randomUUID();
            ChildProcess first = child(bookings, group, directory, "first");
            await(() -> mails().size() >= reservations / 2, "half of the mails");
            ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();
            assertThat(first.awaitExit(Duration.ofSeconds(10))).isNotZero();
            int beforeRestart = mails().size();
            assertThat(beforeRestart).isLessThan(2 * reservations);

            ChildProcess second = child(bookings, group, directory, "second");
            try {
                await(() -> bookings.sentInLedger() == 2L * reservations, "every mail in the ledger");
                pause(Duration.ofSeconds(2));
            }
            finally {
                second.stop(Duration.ofSeconds(10));
            }
            // every mail arrived; a copy is possible only of the one mail in flight when the process
            // died (sent, not yet marked), and it carries the same Message-ID, by which mail stores drop it
            List<String> ids = messageIds(mails());
            assertThat(new HashSet<>(ids)).hasSize(2 * reservations);
            assertThat(ids.size() - 2 * reservations).as("copies, of the one mail in flight at the kill").isBetween(0, 1);
        }
    }

    /** The notifier as its own JVM, from this test's classpath, killed with SIGKILL by the test. */
    private ChildProcess child(TestingBookings bookings, String group, Path directory, String name)
    {
        Map<String, String> environment = new HashMap<>(settings(bookings, group));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = ChildProcess.javaCommand(List.of("-Xmx256m"), classpath, Main.class.getName(), List.of());
        return ChildProcess.start("notifier-" + name, Main.class.getName(), command, directory, environment, directory.resolve(name + ".log"), directory.resolve(name + ".pid"), "TERM");
    }

    private Map<String, String> settings(TestingBookings bookings, String group)
    {
        return Map.of(
                "NOTIFIER_KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers(),
                "NOTIFIER_GROUP_ID", group,
                "NOTIFIER_DB_URL", bookings.jdbcUrl(),
                "NOTIFIER_SMTP_PORT", Integer.toString(smtpPort),
                "NOTIFIER_RETRY_INITIAL", "100ms",
                "NOTIFIER_RETRY_MAX", "2s");
    }

    /** The notifier in this JVM, on a thread, in a consumer group of its own. */
    private final class Running
            implements AutoCloseable
    {
        private final Notifier notifier;
        private final KafkaConsumer<String, byte[]> consumer;
        private final KafkaProducer<String, byte[]> deadLetters;
        private final Thread thread;
        private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

        Running(TestingBookings bookings)
        {
            NotifierConfig config = NotifierConfig.load(io.hotellambda.config.Settings.of(NotifierConfig.ENV_PREFIX,
                    settings(bookings, "notifier-" + UUID.randomUUID()).entrySet().stream()
                            .collect(Collectors.toMap(entry -> entry.getKey().substring(NotifierConfig.ENV_PREFIX.length()).toLowerCase().replace('_', '.'), Map.Entry::getValue))));
            consumer = Main.consumer(config);
            deadLetters = Main.deadLetterProducer(config);
            notifier = new Notifier(config, consumer, deadLetters, Clock.systemUTC(), metrics);
            thread = new Thread(notifier::run, "notifier-under-test");
            thread.start();
        }

        /** A counter's value, summed over its tags. */
        double count(String name)
        {
            return metrics.find(name).counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
        }

        @Override
        public void close()
                throws InterruptedException
        {
            notifier.stop();
            thread.join(30_000);
            notifier.close();
            consumer.close();
            deadLetters.close();
        }
    }

    private GreenMail startSmtp()
    {
        GreenMail server = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    private synchronized void stopSmtp()
    {
        if (smtp != null) {
            received.addAll(List.of(smtp.getReceivedMessages()));
            smtp.stop();
            smtp = null;
        }
    }

    private synchronized List<MimeMessage> mails()
    {
        List<MimeMessage> all = new ArrayList<>(received);
        if (smtp != null) {
            all.addAll(List.of(smtp.getReceivedMessages()));
        }
        return all;
    }

    private static List<String> recipients(List<MimeMessage> mails)
    {
        return mails.stream().map(TestNotifier::to).toList();
    }

    private static List<String> messageIds(List<MimeMessage> mails)
    {
        return mails.stream().map(mail -> {
            try {
                return mail.getMessageID();
            }
            catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String to(MimeMessage mail)
    {
        try {
            return mail.getAllRecipients()[0].toString();
        }
        catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subject(MimeMessage mail)
    {
        try {
            return mail.getSubject();
        }
        catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(MimeMessage mail)
    {
        try {
            return mail.getContent().toString();
        }
        catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<TopicPartition, Long> endOffsets(String topic)
    {
        try (KafkaConsumer<String, byte[]> consumer = deadLetterReader()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(30));
        }
    }

    private List<String> deadLetterReasons(Map<TopicPartition, Long> mark, int expected)
    {
        try (KafkaConsumer<String, byte[]> consumer = deadLetterReader()) {
            consumer.assign(mark.keySet());
            mark.forEach(consumer::seek);
            List<String> reasons = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (reasons.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (new String(record.headers().lastHeader("rejected_by").value(), StandardCharsets.UTF_8).equals("notifier")) {
                        reasons.add(new String(record.headers().lastHeader("reason").value(), StandardCharsets.UTF_8));
                    }
                }
            }
            return reasons;
        }
    }

    private KafkaConsumer<String, byte[]> deadLetterReader()
    {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static void await(BooleanSupplier condition, String what)
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            pause(Duration.ofMillis(100));
        }
    }

    private static void pause(Duration duration)
    {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
