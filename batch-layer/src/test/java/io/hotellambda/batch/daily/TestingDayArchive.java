package io.hotellambda.batch.daily;

import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.archive.ArchiveStore;
import io.hotellambda.batch.archive.ArchiverConfig;
import io.hotellambda.batch.archive.TestingArchive;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.HotelViewed;
import io.hotellambda.schemas.Topics;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The nightly job's fixture day, produced to the JVM's Kafka and archived by the real archiver
 * once per test JVM, for every test class that asks for a {@link DayArchive} parameter (with
 * {@code @ExtendWith({TestingLocalStack.class, TestingDayArchive.class})}). Held in JUnit's root
 * store, like the stack, not in a static field: no test depends on another having run first.
 * <p>
 * Hotel 1: viewer a three times at 10:00 (one retried at 12:00, same event id), viewer b at 11:00.
 * Hotel 2: viewer c twice at 00:xx, plus a retry at 00:10 of a view first accepted the day before
 * at 23:55. Outside the day: one view the day before, one the day after. One malformed record.
 */
public final class TestingDayArchive
        implements ParameterResolver
{
    public static final LocalDate DAY = LocalDate.parse("2026-11-20");
    private static final Instant MIDNIGHT = DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestingDayArchive.class);

    /** The archive holding the fixture day. */
    public record DayArchive(Path root)
    {
        public ArchiveLayout layout()
        {
            return ArchiveLayout.open(root.toUri().toString(), new Configuration());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context)
    {
        return parameter.getParameter().getType() == DayArchive.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
    {
        LocalStack stack = TestingLocalStack.stack(context);
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("day-archive", key -> archive(stack), DayArchive.class);
    }

    private static DayArchive archive(LocalStack stack)
    {
        try {
            Path root = Files.createTempDirectory("hotel-lambda-archive-").resolve("raw");
            UUID retried = UUID.randomUUID();
            UUID yesterdays = UUID.randomUUID();
            List<HotelViewed> views = new ArrayList<>(List.of(
                    view(UUID.randomUUID(), 1, at("10:01"), "a", "NL", "mobile"),
                    view(UUID.randomUUID(), 1, at("10:02"), "a", "NL", "mobile"),
                    view(retried, 1, at("10:03"), "a", "NL", "mobile"),
                    view(retried, 1, at("12:00"), "a", "NL", "mobile"),
                    view(UUID.randomUUID(), 1, at("11:30"), "b", "DE", "desktop"),
                    view(UUID.randomUUID(), 2, at("00:01"), "c", "FR", "tablet"),
                    view(UUID.randomUUID(), 2, at("00:02"), "c", "FR", "tablet"),
                    view(yesterdays, 2, MIDNIGHT.minus(Duration.ofMinutes(5)), "d", "FR", "tablet"),
                    view(yesterdays, 2, at("00:10"), "d", "FR", "tablet"),
                    view(UUID.randomUUID(), 3, MIDNIGHT.plus(Duration.ofDays(1)).plusSeconds(60), "e", "US", "mobile")));
            EventCodec codec = new EventCodec();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
                for (HotelViewed view : views) {
                    producer.send(new ProducerRecord<>(Topics.HOTEL_VIEW_EVENTS, view.partitionKey().getBytes(StandardCharsets.UTF_8), codec.encode(view)));
                }
                producer.send(new ProducerRecord<>(Topics.HOTEL_VIEW_EVENTS, "1".getBytes(StandardCharsets.UTF_8), "{\"type\":\"hotel_viewed\"".getBytes(StandardCharsets.UTF_8)));
            }
            ArchiverConfig config = new ArchiverConfig(stack.kafka().bootstrapServers(), "archiver-daily-test", List.of(Topics.HOTEL_VIEW_EVENTS),
                    root.toUri().toString(), 1_000, Duration.ofHours(1), Duration.ofMillis(300), Duration.ofMinutes(5));
            ArchiveStore store = new ArchiveStore(ArchiveLayout.open(root.toUri().toString(), new Configuration()));
            TestingArchive.archiveUntil(config, store, Topics.HOTEL_VIEW_EVENTS, views.size() + 1);
            return new DayArchive(root);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (Exception e) {
            throw new IllegalStateException("cannot archive the fixture day", e);
        }
    }

    private static Instant at(String time)
    {
        return MIDNIGHT.plus(Duration.between(LocalTime.MIDNIGHT, LocalTime.parse(time)));
    }

    private static HotelViewed view(UUID id, long hotel, Instant receivedAt, String viewer, String country, String device)
    {
        return new HotelViewed(id, receivedAt, null, hotel, viewer, country, device);
    }
}
