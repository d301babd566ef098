package io.hotellambda.endtoend;

import io.hotellambda.batch.TestingBatchSpark;
import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.archive.ArchiveStore;
import io.hotellambda.batch.archive.ArchiverConfig;
import io.hotellambda.batch.archive.TestingArchive;
import io.hotellambda.batch.daily.DailyViewsJob;
import io.hotellambda.batch.daily.ServingPublisher;
import io.hotellambda.config.RedisTarget;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.PostgresServer;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.HotelViewed;
import io.hotellambda.schemas.Migrations;
import io.hotellambda.schemas.SpeedCounter;
import io.hotellambda.schemas.Topics;
import io.hotellambda.serving.batch.BatchViewHolder;
import io.hotellambda.serving.batch.BatchViewRepository;
import io.hotellambda.serving.speed.CircuitBreaker;
import io.hotellambda.serving.speed.SpeedFreshness;
import io.hotellambda.serving.speed.SpeedReplica;
import io.hotellambda.serving.speed.SpeedView;
import io.hotellambda.serving.Granularity;
import io.hotellambda.serving.views.MergedViews;
import io.hotellambda.speed.BatchHook;
import io.hotellambda.speed.SpeedLayer;
import io.hotellambda.speed.SpeedLayerConfig;
import io.hotellambda.speed.SpeedLayerMetrics;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.UnifiedJedis;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path with every real component: view events through Kafka, counted by the speed
 * layer (Spark Structured Streaming into Redis) and archived by the archiver (Parquet), the
 * nightly job (Spark, Hive, PostgreSQL) run day by day, and the serving layer's merge reading
 * both. The ground truth is the set of distinct events; the scenario has views on both sides of
 * the watermark, client retries (one event sent twice), late events (produced after later ones),
 * a skipped day that is filled in later, and a rerun day.
 */
@ExtendWith(TestingLocalStack.class)
class TestEndToEnd
{
    private record View(HotelViewed event, boolean retry) {}

    /**
     * Run at two times of day on a clock the test fixes (today's date, so Redis keeps the counters):
     * the afternoon, and two minutes after midnight, when the archive closes yesterday one minute
     * after it (its lateness) and the speed layer has almost nothing of today. Each run has its
     * own hotels and serving database; both share Kafka and Redis, as runs of a platform do.
     */
    @ParameterizedTest(name = "at {0} UTC")
    @ValueSource(strings = {"14:30", "00:02"})
    void mergedCountsEqualTheTruthAcrossTheWatermarkThroughASkippedDayARerunRetriesAndLateEvents(String timeOfDay, LocalStack stack)
            throws Exception
    {
        Clock clock = Clock.fixed(LocalDate.now(ZoneOffset.UTC).atTime(LocalTime.parse(timeOfDay)).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        String run = timeOfDay.replace(":", "");
        long[] hotels = LongStream.rangeClosed(1, 7).map(i -> Long.parseLong(run) * 100 + i).toArray();
        String database = "end_to_end_" + run;
        stack.postgres().createDatabase(database);
        String jdbcUrl = stack.postgres().jdbcUrl(database);
        // booking-app's catalog, which the serving layer reads beside the batch's tables
        Migrations.catalog(jdbcUrl, PostgresServer.USER, "");
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate d0 = today.minusDays(3);
        LocalDate d1 = today.minusDays(2);
        LocalDate d2 = today.minusDays(1);
        List<View> views = scenario(d0, now, hotels, new Random(42));
        Map<Long, Long> truth = views.stream().filter(view -> !view.retry())
                .collect(Collectors.groupingBy(view -> view.event().hotelId(), LinkedHashMap::new, Collectors.counting()));
        produce(stack, views);
        // the serving layer's copy of the day counters, following the speed layer's change feed from before it runs
        UnifiedJedis redis = new UnifiedJedis(URI.create(stack.redis().uri()));
        SpeedReplica replica = new SpeedReplica(redis, clock, Duration.ofDays(7), Duration.ofMillis(20));
        replica.start();

        Path work = Files.createTempDirectory("end-to-end-");
        SpeedLayerConfig speedConfig = speedConfig(stack, work.resolve("checkpoint"));
        try (SpeedLayer speed = SpeedLayer.start(TestingBatchSpark.session(), speedConfig, new SpeedLayerMetrics(), BatchHook.NONE)) {
            speed.query().processAllAvailable();
        }

        String root = work.resolve("raw").toUri().toString();
        // a lateness of a minute: at 00:02 yesterday is complete, as it would be at 00:06 with the default 5
        ArchiverConfig archiverConfig = new ArchiverConfig(stack.kafka().bootstrapServers(), "end-to-end-archiver-" + run, List.of(Topics.HOTEL_VIEW_EVENTS),
                root, 1_000, Duration.ofHours(1), Duration.ofMillis(300), Duration.ofMinutes(1));
        ArchiveStore store = new ArchiveStore(ArchiveLayout.open(root, new Configuration()));
        // the whole topic, earlier runs' records too: a new archiver reads it from the start
        TestingArchive.archiveUntil(archiverConfig, store, Topics.HOTEL_VIEW_EVENTS, recordsIn(stack, Topics.HOTEL_VIEW_EVENTS), clock);

        ServingPublisher publisher = new ServingPublisher(jdbcUrl, PostgresServer.USER, "");
        publisher.migrate();
        DailyViewsJob nightly = new DailyViewsJob(TestingBatchSpark.session(), ArchiveLayout.open(root, new Configuration()), publisher);
        BatchViewHolder batch = new BatchViewHolder(new BatchViewRepository(jdbcUrl, PostgresServer.USER, "", 35, 7),
                Duration.ofHours(1), clock);
        // the speed layer ran to the end of the input and stopped: its heartbeat is as old as the steps
        // below take, which is not staleness here (TestServingLayer and TestSpeedLayer test the heartbeat)
        SpeedFreshness freshness = new SpeedFreshness(redis, Clock.systemUTC(), Duration.ofDays(7), Duration.ofHours(1), Duration.ofSeconds(1));
        freshness.start();
        try (redis; SpeedView speedView = new SpeedView(redis, new CircuitBreaker("Redis", Duration.ofSeconds(1), Clock.systemUTC()), Duration.ofSeconds(5),
                Optional.of(replica), freshness)) {
            MergedViews merged = new MergedViews(batch, speedView, clock, Duration.ofDays(7));
            List<Long> hotelIds = truth.keySet().stream().toList();

            // before the first nightly run: every day is the speed layer's, its whole days from the copy
            assertThat(replica.status().current()).isTrue();
            assertThat(replica.status().loads()).isEqualTo(1);
            assertThat(eventually(() -> counts(batch, merged, hotelIds), truth)).as("the speed layer alone").isEqualTo(truth);

            // D1 skipped: W holds at its start, and the speed layer answers D1 and D2
            nightly.run(d0, false);
            nightly.run(d2, false);
            assertThat(counts(batch, merged, hotelIds)).as("after D0 and D2").isEqualTo(truth);
            assertThat(batch.current().orElseThrow().watermark()).contains(d1.atStartOfDay(ZoneOffset.UTC).toInstant());

            // D1 filled in: W moves past D2
            nightly.run(d1, false);
            assertThat(counts(batch, merged, hotelIds)).as("after D1").isEqualTo(truth);
            assertThat(batch.current().orElseThrow().watermark()).contains(today.atStartOfDay(ZoneOffset.UTC).toInstant());

            // a rerun replaces D2 with the same numbers
            nightly.run(d2, false);
            assertThat(counts(batch, merged, hotelIds)).as("after rerunning D2").isEqualTo(truth);

            // and day by day, each side's days add up to the truth of that day
            for (long hotel : hotelIds) {
                MergedViews.Series series = merged.series(hotel, MergedViews.Metric.VIEWS, Granularity.DAY,
                        d0.atStartOfDay(ZoneOffset.UTC).toInstant(), today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
                assertThat(series.series()).extracting(MergedViews.SeriesPoint::source).containsExactly("batch", "batch", "batch", "speed");
                for (int day = 0; day < 4; day++) {
                    LocalDate date = d0.plusDays(day);
                    long expected = views.stream().filter(view -> !view.retry() && view.event().hotelId() == hotel
                            && LocalDate.ofInstant(view.event().receivedAt(), ZoneOffset.UTC).equals(date)).count();
                    assertThat(series.series().get(day).value()).as("hotel %s on %s", hotel, date).isEqualTo(expected);
                }
            }

            // Redis lost: wiped, the speed layer's checkpoint reset, the topic replayed from its start (docs/operations.md,
            // "Rebuilding Redis from Kafka"): every day's counters come back equal to the batch's days and today's truth
            Map<String, Long> before = dayCounters(redis, hotelIds, d0, today);
            redis.flushAll();
            assertThat(dayCounters(redis, hotelIds, d0, today).values()).containsOnly(0L);
            SpeedLayerConfig replay = speedConfig(stack, work.resolve("checkpoint-rebuilt"));
            try (SpeedLayer speed = SpeedLayer.start(TestingBatchSpark.session(), replay, new SpeedLayerMetrics(), BatchHook.NONE)) {
                speed.query().processAllAvailable();
            }
            Map<String, Long> rebuilt = dayCounters(redis, hotelIds, d0, today);
            assertThat(rebuilt).isEqualTo(before);
            for (long hotel : hotelIds) {
                MergedViews.Series series = merged.series(hotel, MergedViews.Metric.VIEWS, Granularity.DAY,
                        d0.atStartOfDay(ZoneOffset.UTC).toInstant(), today.atStartOfDay(ZoneOffset.UTC).toInstant());
                for (int day = 0; day < 3; day++) {
                    assertThat(rebuilt.get(hotel + "@" + d0.plusDays(day))).as("hotel %s on %s, rebuilt against the batch", hotel, d0.plusDays(day))
                            .isEqualTo(series.series().get(day).value());
                }
            }
        }
        finally {
            batch.close();
        }
    }

    /** The speed layer on the stack, from the topics' start, checkpointing under {@code checkpoint}. */
    private static SpeedLayerConfig speedConfig(LocalStack stack, Path checkpoint)
    {
        return new SpeedLayerConfig("local[2]", stack.kafka().bootstrapServers(), new RedisTarget(URI.create(stack.redis().uri()), List.of(), Duration.ofSeconds(5)),
                checkpoint.toString(), Duration.ofMillis(200), Duration.ofMinutes(10), Duration.ofDays(7),
                "earliest", 1_000_000, 2, "127.0.0.1", -1, Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMillis(200));
    }

    /** The speed layer's day counters in Redis, {@code hotel@day} to views, over {@code [from, to]}. */
    private static Map<String, Long> dayCounters(UnifiedJedis redis, List<Long> hotels, LocalDate from, LocalDate to)
    {
        Map<String, Long> counters = new TreeMap<>();
        for (long hotel : hotels) {
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                String value = redis.get(SpeedCounter.DAILY_VIEWS.key(hotel, day.atStartOfDay(ZoneOffset.UTC).toInstant()));
                counters.put(hotel + "@" + day, value == null ? 0 : Long.parseLong(value));
            }
        }
        return counters;
    }

    /**
     * Views from D0's start to a minute ago; one in ten retried a minute after its first acceptance
     * (same event id, a later received_at); then one view per hotel accepted in D2's last minutes
     * but produced after everything else, as late arrivals.
     */
    private static List<View> scenario(LocalDate d0, Instant now, long[] hotels, Random random)
    {
        Instant start = d0.atStartOfDay(ZoneOffset.UTC).toInstant();
        long span = Duration.between(start, now.minus(2, ChronoUnit.MINUTES)).toMillis();
        List<View> onTime = new ArrayList<>();
        List<View> late = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            Instant receivedAt = start.plusMillis((long) (random.nextDouble() * span));
            HotelViewed view = new HotelViewed(UUID.randomUUID(), receivedAt, null, hotels[random.nextInt(hotels.length)],
                    "viewer-" + random.nextInt(40), random.nextBoolean() ? "NL" : "DE", random.nextBoolean() ? "mobile" : "desktop");
            onTime.add(new View(view, false));
            if (i % 10 == 0) {
                onTime.add(new View(new HotelViewed(view.eventId(), receivedAt.plus(1, ChronoUnit.MINUTES), null, view.hotelId(),
                        view.viewerId(), view.country(), view.device()), true));
            }
        }
        onTime.sort((a, b) -> a.event().receivedAt().compareTo(b.event().receivedAt()));
        for (int i = 0; i < hotels.length; i++) {
            Instant receivedAt = now.truncatedTo(ChronoUnit.DAYS).minus(i + 1, ChronoUnit.MINUTES);
            late.add(new View(new HotelViewed(UUID.randomUUID(), receivedAt, null, hotels[i], "late-viewer", "FR", "tablet"), false));
        }
        List<View> all = new ArrayList<>(onTime);
        all.addAll(late);
        return all;
    }

    private static void produce(LocalStack stack, List<View> views)
    {
        EventCodec codec = new EventCodec();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (View view : views) {
                producer.send(new ProducerRecord<>(Topics.HOTEL_VIEW_EVENTS, view.event().partitionKey().getBytes(StandardCharsets.UTF_8), codec.encode(view.event())));
            }
        }
    }

    private static long recordsIn(LocalStack stack, String topic)
    {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum()
                    - consumer.beginningOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** {@code read} until it gives {@code expected}, for at most 10 s; its last answer. */
    private static <T> T eventually(Supplier<T> read, T expected)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        T answer = read.get();
        while (!answer.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            answer = read.get();
        }
        return answer;
    }

    private static Map<Long, Long> counts(BatchViewHolder batch, MergedViews merged, List<Long> hotels)
    {
        assertThat(batch.refresh()).isTrue();
        Map<Long, Long> counts = new LinkedHashMap<>();
        MergedViews.ViewCounts merge = merged.counts(hotels.stream().mapToLong(Long::longValue).toArray());
        assertThat(merge.degraded()).isFalse();
        for (int i = 0; i < merge.size(); i++) {
            counts.put(merge.hotelIds()[i], merge.viewCount(i));
        }
        return counts;
    }
}
