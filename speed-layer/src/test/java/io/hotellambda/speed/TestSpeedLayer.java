package io.hotellambda.speed;

import io.hotellambda.config.RedisTarget;
import io.hotellambda.infra.ChildProcess;
import io.hotellambda.infra.HdfsProcess;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.Ports;
import io.hotellambda.infra.RedisCluster;
import io.hotellambda.infra.RedisServer;
import io.hotellambda.infra.S3Server;
import io.hotellambda.infra.SparkStandalone;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.EventType;
import io.hotellambda.schemas.HotelViewed;
import io.hotellambda.schemas.PlatformEvent;
import io.hotellambda.schemas.SearchPerformed;
import io.hotellambda.schemas.SpeedCounter;
import io.hotellambda.schemas.SpeedHeartbeat;
import io.hotellambda.schemas.Topics;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The speed layer end to end: real Kafka, real Redis, Spark local[2]. */
@ExtendWith({TestingLocalStack.class, TestingSpark.class})
class TestSpeedLayer
{
    private static final List<String> SOURCES = List.of(Topics.HOTEL_VIEW_EVENTS, Topics.BOOKING_EVENTS, Topics.SEARCH_EVENTS);
    private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");
    private static final String[] COUNTRIES = {"NL", "DE", "US", "FR"};
    private static final String[] DEVICES = {"desktop", "mobile", "tablet", "other"};

    @TempDir
    Path checkpoints;

    @Test
    void countsEveryAcceptedEventOnceAndSendsMalformedRecordsToDeadLetter(LocalStack stack, SparkSession spark)
            throws Exception
    {
        try (TestingKafka kafka = new TestingKafka(stack); UnifiedJedis redis = redis(stack)) {
            String start = kafka.endOffsetsJson(SOURCES);
            Map<TopicPartition, Long> deadLetterStart = kafka.endOffsets(List.of(Topics.DEAD_LETTER));
            ExpectedCounters expected = new ExpectedCounters();
            List<PlatformEvent> events = traffic(new Random(1), List.of(1001L, 1002L, 1003L, 1004L, 1005L), 3_000);
            Random random = new Random(2);
            Set<String> malformed = new TreeSet<>();
            for (int i = 0; i < events.size(); i++) {
                send(kafka, events.get(i));
                expected.add(events.get(i));
                if (i % 10 == 0) {
                    // a client retry: the same event again, which must count once
                    send(kafka, events.get(random.nextInt(i + 1)));
                }
                if (i % 150 == 0) {
                    String bad = "{\"type\":\"hotel_viewed\",\"schema_version\":1,\"event_id\":\"not-a-uuid-%s\",\"received_at\":%s,\"hotel_id\":1001}".formatted(i, DAY.toEpochMilli());
                    malformed.add(bad);
                    kafka.sendRaw(Topics.HOTEL_VIEW_EVENTS, 1001, bad.getBytes(StandardCharsets.UTF_8));
                }
            }
            kafka.flush();

            SpeedLayerMetrics metrics = new SpeedLayerMetrics();
            try (SpeedLayer speedLayer = SpeedLayer.start(spark, config(stack, start, "counts"), metrics, BatchHook.NONE)) {
                speedLayer.query().processAllAvailable();
            }

            expected.assertMatches(redis);
            List<ConsumerRecord<byte[], byte[]>> letters = kafka.read(deadLetterStart, malformed.size(), Duration.ofSeconds(30));
            Set<String> lettered = new TreeSet<>();
            for (ConsumerRecord<byte[], byte[]> letter : letters) {
                lettered.add(new String(letter.value(), StandardCharsets.UTF_8));
                assertThat(header(letter, "reason")).startsWith("hotel_viewed: field[");
                assertThat(header(letter, "source_topic")).isEqualTo(Topics.HOTEL_VIEW_EVENTS);
                assertThat(header(letter, "rejected_by")).isEqualTo("speed-layer");
            }
            assertThat(lettered).isEqualTo(malformed);
            assertThat(metrics.prometheus()).contains("speed_layer_dead_letters_total " + malformed.size())
                    .contains("speed_layer_duplicates_dropped_total 300");
        }
    }

    /**
     * The same traffic counted on a three-master Redis Cluster (the speed layer configured with
     * its nodes, nothing else changed) and on one node: the cluster holds every counter, equal key
     * by key to the single node's. One of the cluster's nodes is stopped mid-stream and started
     * again (its keys are on disk): nothing is lost once it is back.
     */
    @Test
    void countsTheSameKeyByKeyOnARedisClusterThroughANodeRestartedMidStream(LocalStack stack, SparkSession spark, @TempDir Path clusterDirectory)
            throws Exception
    {
        try (TestingKafka kafka = new TestingKafka(stack); UnifiedJedis single = redis(stack);
                RedisCluster cluster = RedisCluster.start(clusterDirectory, stack.config().binaryCache());
                UnifiedJedis clustered = new RedisTarget(URI.create("redis://127.0.0.1:1"), cluster.nodeAddresses(), Duration.ofSeconds(5)).connect(8)) {
            String start = kafka.endOffsetsJson(SOURCES);
            ExpectedCounters expected = new ExpectedCounters();
            List<PlatformEvent> events = traffic(new Random(21), List.of(7001L, 7002L, 7003L, 7004L, 7005L, 7006L), 2_000);
            sendAll(kafka, events.subList(0, 1_000), expected);
            SpeedLayerConfig onSingle = config(stack, start, "cluster-reference");
            // the cluster by configuration alone: its nodes instead of one URI
            SpeedLayerConfig onCluster = config(stack, start, "cluster", new RedisTarget(URI.create("redis://127.0.0.1:1"), cluster.nodeAddresses(), Duration.ofSeconds(5)));
            try (SpeedLayer speedLayer = SpeedLayer.start(spark, onCluster, new SpeedLayerMetrics(), BatchHook.NONE)) {
                speedLayer.query().processAllAvailable();
                // a node stops while the second half arrives, and comes back with its keys
                cluster.node(1).stop();
                sendAll(kafka, events.subList(1_000, events.size()), expected);
                Thread.sleep(3_000);
                cluster.node(1).restart();
                cluster.awaitOk(Duration.ofSeconds(60));
                speedLayer.query().processAllAvailable();
            }
            try (SpeedLayer speedLayer = SpeedLayer.start(spark, onSingle, new SpeedLayerMetrics(), BatchHook.NONE)) {
                speedLayer.query().processAllAvailable();
            }
            expected.assertMatches(clustered);
            expected.assertMatches(single);
            assertThat(expected.actual(clustered)).isEqualTo(expected.actual(single));
        }
    }

    /**
     * The speed layer's own main on a real Spark standalone cluster (a master and two workers in
     * their own JVMs; the driver in a third, as {@code spark-submit} starts it, told only the
     * master and its application jars) counts the same traffic as this JVM's {@code local[2]}: its
     * Redis holds every counter, equal key by key to the local run's. Its checkpoint is on HDFS
     * (a NameNode and a DataNode in a JVM of their own), where every node of a cluster reaches it.
     */
    @Test
    void countsOnASparkStandaloneClusterWhatLocalCountsKeyByKey(LocalStack stack, SparkSession spark, @TempDir Path directory)
            throws Exception
    {
        try (TestingKafka kafka = new TestingKafka(stack); UnifiedJedis single = redis(stack);
                HdfsProcess hdfs = HdfsProcess.start(directory.resolve("hdfs"), HdfsProcess.classpathFromBuild());
                RedisServer clusterRedis = RedisServer.start(directory.resolve("redis"), stack.config().binaryCache(), Ports.freePort(), false);
                UnifiedJedis onCluster = new UnifiedJedis(URI.create(clusterRedis.uri()))) {
            String start = kafka.endOffsetsJson(SOURCES);
            ExpectedCounters expected = new ExpectedCounters();
            sendAll(kafka, traffic(new Random(33), List.of(8001L, 8002L, 8003L, 8004L, 8005L), 3_000), expected);
            try (SpeedLayer speedLayer = SpeedLayer.start(spark, config(stack, start, "standalone-reference"), new SpeedLayerMetrics(), BatchHook.NONE)) {
                speedLayer.query().processAllAvailable();
            }

            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> moduleOptions = ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(option -> option.startsWith("--add-opens")).toList();
            try (SparkStandalone cluster = SparkStandalone.start(directory.resolve("spark"), classpath, moduleOptions, 2, 1, "1g")) {
                Map<String, String> environment = Map.of("SPEED_LAYER_SPARK_MASTER", cluster.masterUrl(), "SPEED_LAYER_KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers(),
                        "SPEED_LAYER_REDIS_URI", clusterRedis.uri(), "SPEED_LAYER_CHECKPOINT_LOCATION", hdfs.uri("speed-layer/checkpoint"),
                        "SPEED_LAYER_KAFKA_STARTING_OFFSETS", start, "SPEED_LAYER_TRIGGER_INTERVAL", "500ms", "SPEED_LAYER_METRICS_PORT", "-1");
                List<String> options = new ArrayList<>(List.of("-Xmx768m"));
                options.addAll(moduleOptions);
                options.addAll(cluster.driverOptions(directory.resolve("spark"), classpath, "768m", 2));
                hdfs.hadoopSettings().forEach((key, value) -> options.add("-Dspark.hadoop." + key + "=" + value));
                String main = Main.class.getName();
                try (ChildProcess driver = ChildProcess.start("speed-layer-driver", main, ChildProcess.javaCommand(options, classpath, main, List.of()), directory,
                        environment, directory.resolve("driver.log"), directory.resolve("driver.pid"), "TERM")) {
                    driver.awaitReady("count every event on the cluster", Duration.ofMinutes(4), () -> counted(expected, onCluster));
                    assertThat(cluster.runningApplications()).as("the driver is an application of the cluster").hasSize(1);
                }
            }
            Configuration hadoop = new Configuration();
            hdfs.hadoopSettings().forEach(hadoop::set);
            org.apache.hadoop.fs.Path commits = new org.apache.hadoop.fs.Path(hdfs.uri("speed-layer/checkpoint/commits"));
            assertThat(commits.getFileSystem(hadoop).listStatus(commits)).as("the driver committed its batches to its checkpoint on HDFS").isNotEmpty();
            expected.assertMatches(onCluster);
            expected.assertMatches(single);
            assertThat(expected.actual(onCluster)).isEqualTo(expected.actual(single));
        }
    }

    /**
     * The checkpoint on S3 (s3proxy, through {@code s3a}): S3 frozen for a minute under the running
     * query while events arrive, the query waits it out (no failure) and counts them once S3 is
     * back; stopped after that first run and started again over more traffic, the speed layer
     * resumes where its checkpoint on S3 says (it reads only the new events) and every event
     * counts once.
     */
    @Test
    void resumesFromItsCheckpointOnS3AndCountsEveryEventOnceThroughAMinuteOfS3Frozen(LocalStack stack, SparkSession spark, @TempDir Path directory)
            throws Exception
    {
        try (TestingKafka kafka = new TestingKafka(stack); UnifiedJedis redis = redis(stack);
                // the backend that lists an empty directory as S3 does: Spark's logs make theirs, then list them
                S3Server s3 = S3Server.start(directory.resolve("s3"), S3Server.classpathFromBuild(), S3Server.Backend.FILESYSTEM_NIO2)) {
            // what a core-site.xml in HADOOP_CONF_DIR, or spark.hadoop.fs.s3a.*, tells a deployment's session
            s3.hadoopSettings().forEach(spark.sparkContext().hadoopConfiguration()::set);
            SpeedLayerConfig config = configAt(stack, kafka.endOffsetsJson(SOURCES), s3.uri("speed-layer/checkpoint"),
                    new RedisTarget(URI.create(stack.redis().uri()), List.of(), Duration.ofSeconds(5)));
            List<Long> hotels = List.of(8101L, 8102L, 8103L, 8104L, 8105L);
            ExpectedCounters expected = new ExpectedCounters();
            sendAll(kafka, traffic(new Random(44), hotels, 1_000), expected);
            try (SpeedLayer speedLayer = SpeedLayer.start(spark, config, new SpeedLayerMetrics(), BatchHook.NONE)) {
                speedLayer.query().processAllAvailable();
                // a micro-batch writes its offsets to S3 before it runs (and its commit after): frozen, the query waits there
                s3.process().pause();
                try {
                    sendAll(kafka, traffic(new Random(46), hotels, 300), expected);
                    Thread.sleep(Duration.ofMinutes(1).toMillis());
                    assertThat(speedLayer.query().isActive()).as("the query waits while S3 is frozen").isTrue();
                    assertThat(counted(expected, redis)).as("nothing counted past a checkpoint write S3 has not taken").isFalse();
                }
                finally {
                    s3.process().resume();
                }
                speedLayer.query().processAllAvailable();
                assertThat(speedLayer.query().exception().isEmpty()).as("the query waited S3 out").isTrue();
                expected.assertMatches(redis);
            }
            List<PlatformEvent> more = traffic(new Random(45), hotels, 500);
            sendAll(kafka, more, expected);
            try (SpeedLayer again = SpeedLayer.start(spark, config, new SpeedLayerMetrics(), BatchHook.NONE)) {
                again.query().processAllAvailable();
                long read = java.util.Arrays.stream(again.query().recentProgress()).mapToLong(progress -> progress.numInputRows()).sum();
                assertThat(read).as("the second run read only what came after the first, as its checkpoint on S3 says").isEqualTo(more.size());
            }
            expected.assertMatches(redis);
            Configuration hadoop = new Configuration();
            s3.hadoopSettings().forEach(hadoop::set);
            org.apache.hadoop.fs.Path commits = new org.apache.hadoop.fs.Path(s3.uri("speed-layer/checkpoint/commits"));
            assertThat(commits.getFileSystem(hadoop).listStatus(commits)).as("both runs committed their batches to S3").hasSizeGreaterThan(1);
        }
    }

    /** Whether Redis holds every exact counter the traffic makes (the uniques are compared after). */
    private static boolean counted(ExpectedCounters expected, UnifiedJedis redis)
    {
        Map<String, String> actual = expected.actual(redis);
        return expected.expected().entrySet().stream().allMatch(entry -> entry.getKey().startsWith("u:") ? actual.containsKey(entry.getKey())
                : entry.getValue().equals(actual.get(entry.getKey())));
    }

    /**
     * Redis frozen for a minute and Kafka frozen for a minute, overlapping by half (Redis alone,
     * both, then Kafka alone), while events keep coming: the query waits it out (no failure, no
     * restart) and every event counts exactly once. The heartbeat stops while a dependency is away
     * and moves again after.
     */
    @Test
    void keepsCountingExactlyThroughAMinuteOfRedisPausedAndAMinuteOfKafkaPaused(LocalStack stack, SparkSession spark)
            throws Exception
    {
        Duration half = Duration.ofSeconds(30);
        try (TestingKafka kafka = new TestingKafka(stack); UnifiedJedis redis = redis(stack)) {
            String start = kafka.endOffsetsJson(SOURCES);
            ExpectedCounters expected = new ExpectedCounters();
            List<PlatformEvent> events = traffic(new Random(9), List.of(5001L, 5002L, 5003L), 1_200);
            SpeedLayerMetrics metrics = new SpeedLayerMetrics();
            try (SpeedLayer speedLayer = SpeedLayer.start(spark, config(stack, start, "outages"), metrics, BatchHook.NONE)) {
                sendAll(kafka, events.subList(0, 300), expected);
                speedLayer.query().processAllAvailable();

                stack.redis().pause();
                try {
                    sendAll(kafka, events.subList(300, 600), expected);
                    Thread.sleep(half.toMillis());
                    sendAll(kafka, events.subList(600, 900), expected);
                    stack.kafka().pause();
                    try {
                        Thread.sleep(half.toMillis());
                        stack.redis().resume();
                        Thread.sleep(half.toMillis());
                    }
                    finally {
                        stack.kafka().resume();
                    }
                }
                finally {
                    stack.redis().resume();
                }
                Instant afterOutages = Instant.now();
                sendAll(kafka, events.subList(900, 1_200), expected);
                speedLayer.query().processAllAvailable();

                assertThat(speedLayer.query().isActive()).as("the query waited both outages out").isTrue();
                assertThat(speedLayer.query().exception().isEmpty()).isTrue();
                expected.assertMatches(redis);
                Thread.sleep(1_500);
                assertThat(SpeedHeartbeat.read(redis)).as("the heartbeat moves again").hasValueSatisfying(beat -> {
                    assertThat(beat.appliedUpTo()).isAfter(afterOutages);
                    assertThat(beat.counterTtl()).isEqualTo(Duration.ofDays(7));
                });
            }
        }
    }

    @Test
    void aBatchReplayedAfterACrashBetweenApplyAndCommitChangesNoCounter(LocalStack stack, SparkSession spark)
            throws Exception
    {
        try (TestingKafka kafka = new TestingKafka(stack); UnifiedJedis redis = redis(stack)) {
            String start = kafka.endOffsetsJson(SOURCES);
            ExpectedCounters expected = new ExpectedCounters();
            sendAll(kafka, traffic(new Random(3), List.of(2001L, 2002L, 2003L), 900), expected);
            SpeedLayerConfig config = config(stack, start, "crash");

            BatchHook crashAfterApply = batchId -> {
                throw new IllegalStateException("injected crash after the Redis apply of batch " + batchId);
            };
            try (SpeedLayer crashing = SpeedLayer.start(spark, config, new SpeedLayerMetrics(), crashAfterApply)) {
                assertThatThrownBy(() -> crashing.query().processAllAvailable())
                        .isInstanceOf(StreamingQueryException.class)
                        .hasStackTraceContaining("injected crash after the Redis apply");
            }
            // the batch reached Redis before the crash
            expected.assertMatches(redis);

            SpeedLayerMetrics metrics = new SpeedLayerMetrics();
            try (SpeedLayer restarted = SpeedLayer.start(spark, config, metrics, BatchHook.NONE)) {
                restarted.query().processAllAvailable();
            }

            // Spark replayed the uncommitted batch; every hotel's marker said it was applied
            expected.assertMatches(redis);
            // each hotel's views and bookings come from two Kafka partitions: one marker field each
            assertThat(metrics.prometheus())
                    .contains("speed_layer_hotels_skipped_total 6\n")
                    .contains("speed_layer_hotels_applied_total 0\n");
        }
    }

    @Test
    void aRetryArrivingInALaterMicroBatchIsNotCountedAgain(LocalStack stack, SparkSession spark)
            throws Exception
    {
        try (TestingKafka kafka = new TestingKafka(stack); UnifiedJedis redis = redis(stack)) {
            String start = kafka.endOffsetsJson(SOURCES);
            ExpectedCounters expected = new ExpectedCounters();
            List<PlatformEvent> first = traffic(new Random(5), List.of(4001L, 4002L), 400);
            sendAll(kafka, first, expected);
            SpeedLayerMetrics metrics = new SpeedLayerMetrics();
            try (SpeedLayer speedLayer = SpeedLayer.start(spark, config(stack, start, "retries"), metrics, BatchHook.NONE)) {
                speedLayer.query().processAllAvailable();
                expected.assertMatches(redis);

                // every event again (client retries after the first batch was applied), and new ones
                first.forEach(event -> send(kafka, event));
                sendAll(kafka, traffic(new Random(6), List.of(4001L, 4002L), 100), expected);
                speedLayer.query().processAllAvailable();
            }

            expected.assertMatches(redis);
            assertThat(metrics.prometheus()).contains("speed_layer_duplicates_dropped_total 400\n");
        }
    }

    /**
     * Searches have no hotel: they are counted per city (their Kafka key) per UTC day and per
     * city and stay night, searches and sold-out searches, each first page once (retries
     * dropped, later pages not counted), malformed ones sent to dead_letter.
     */
    @Test
    void countsEachFirstPageSearchOncePerCityPerDayAndPerStayNight(LocalStack stack, SparkSession spark)
            throws Exception
    {
        try (TestingKafka kafka = new TestingKafka(stack); UnifiedJedis redis = redis(stack)) {
            String start = kafka.endOffsetsJson(SOURCES);
            Map<TopicPartition, Long> deadLetterStart = kafka.endOffsets(List.of(Topics.DEAD_LETTER));
            ExpectedCounters expected = new ExpectedCounters();
            String run = UUID.randomUUID().toString().substring(0, 8);
            List<String> cities = List.of("amsterdam-" + run, "den haag " + run, "zürich-" + run);
            Random random = new Random(12);
            List<SearchPerformed> searches = new ArrayList<>();
            for (int i = 0; i < 900; i++) {
                boolean dated = random.nextInt(3) > 0;
                LocalDate checkIn = LocalDate.of(2026, 12, 1).plusDays(random.nextInt(20));
                boolean soldOut = dated && random.nextInt(5) == 0;
                searches.add(new SearchPerformed(UUID.randomUUID(), DAY.plusSeconds(random.nextInt(2 * 24 * 3600)), null, "searcher-" + random.nextInt(50),
                        cities.get(random.nextInt(cities.size())), random.nextBoolean() ? "canal" : null,
                        dated ? checkIn : null, dated ? checkIn.plusDays(1 + random.nextInt(5)) : null, 1, 2, null, null, null, null, List.of(), "relevance",
                        random.nextInt(5) > 0, soldOut ? 0 : 3, soldOut ? List.of() : List.of(1L, 2L, 3L), soldOut));
            }
            for (int i = 0; i < searches.size(); i++) {
                send(kafka, searches.get(i));
                expected.add(searches.get(i));
                if (i % 10 == 0) {
                    send(kafka, searches.get(random.nextInt(i + 1)));
                }
            }
            String malformed = "{\"type\":\"search_performed\",\"schema_version\":1,\"event_id\":\"%s\",\"received_at\":%s,\"searcher_id\":\"s\",\"rooms\":1,\"guests\":1,\"sort\":\"price\",\"first_page\":true,\"result_count\":0,\"shown_hotel_ids\":[],\"sold_out\":false}"
                    .formatted(UUID.randomUUID(), DAY.toEpochMilli());
            kafka.sendRaw(Topics.SEARCH_EVENTS, cities.get(0), malformed.getBytes(StandardCharsets.UTF_8));
            kafka.flush();

            try (SpeedLayer speedLayer = SpeedLayer.start(spark, config(stack, start, "searches"), new SpeedLayerMetrics(), BatchHook.NONE)) {
                speedLayer.query().processAllAvailable();
            }

            expected.assertMatches(redis);
            String city = cities.get(2);
            long firstPages = searches.stream().filter(search -> search.city().equals(city) && search.firstPage()).count();
            long counted = 0;
            for (String day : List.of("20261120", "20261121")) {
                counted += Long.parseLong(redis.hget(SpeedCounter.searchesByDay(city, day), SpeedCounter.SEARCHES));
            }
            assertThat(counted).as("the accented city's first pages, over both days").isEqualTo(firstPages);
            List<ConsumerRecord<byte[], byte[]>> letters = kafka.read(deadLetterStart, 1, Duration.ofSeconds(30));
            assertThat(letters).anySatisfy(letter -> {
                assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo(malformed);
                assertThat(header(letter, "reason")).isEqualTo("search_performed: field[city] is required");
            });
        }
    }

    @Test
    void uniqueViewersAreWithinTwoPercentOfTheTrueCountForTenThousandViewers(LocalStack stack, SparkSession spark)
            throws Exception
    {
        try (TestingKafka kafka = new TestingKafka(stack); UnifiedJedis redis = redis(stack)) {
            String start = kafka.endOffsetsJson(SOURCES);
            Instant hour = DAY.plusSeconds(9 * 3600);
            Random random = new Random(4);
            int viewers = 10_000;
            int views = 0;
            for (int viewer = 0; viewer < viewers; viewer++) {
                // most viewers look once, some come back
                for (int repeat = 0; repeat <= (random.nextInt(10) == 0 ? 2 : 0); repeat++) {
                    send(kafka, TestingEvents.view(3001, hour.plusMillis(random.nextInt(3_600_000)), "viewer-" + viewer, "NL", "mobile"));
                    views++;
                }
            }
            kafka.flush();

            try (SpeedLayer speedLayer = SpeedLayer.start(spark, config(stack, start, "uniques"), new SpeedLayerMetrics(), BatchHook.NONE)) {
                speedLayer.query().processAllAvailable();
            }

            assertThat(redis.get(SpeedCounter.VIEWS.key(3001, hour))).isEqualTo(Integer.toString(views));
            assertThat((double) redis.pfcount(SpeedCounter.VIEWERS.key(3001, hour))).isCloseTo(viewers, within(viewers * 0.02));
        }
    }

    /** Views and every kind of booking event, spread over three hours of one day. */
    private static List<PlatformEvent> traffic(Random random, List<Long> hotels, int count)
    {
        List<PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long hotel = hotels.get(random.nextInt(hotels.size()));
            Instant at = DAY.plusSeconds(10 * 3600 + random.nextInt(3 * 3600));
            int kind = random.nextInt(30);
            String currency = random.nextBoolean() ? "EUR" : "USD";
            if (kind == 0) {
                events.add(TestingEvents.created(hotel, at, 10_000 + random.nextInt(90_000), currency));
            }
            else if (kind == 1) {
                events.add(TestingEvents.confirmed(hotel, at, 10_000 + random.nextInt(90_000), currency, 1 + random.nextInt(3)));
            }
            else if (kind == 2) {
                events.add(TestingEvents.cancelled(hotel, at, random.nextInt(3) * 5_000, currency, "guest_cancelled"));
            }
            else if (kind == 3) {
                events.add(TestingEvents.cancelled(hotel, at, 20_000, currency, "paid_after_cancellation"));
            }
            else if (kind == 4) {
                events.add(TestingEvents.expired(hotel, at, random.nextInt(5) == 0 ? null : currency));
            }
            else if (kind == 5) {
                events.add(TestingEvents.paymentFailed(hotel, at, 30_000, currency));
            }
            else {
                events.add(TestingEvents.view(hotel, at, "viewer-" + random.nextInt(200), COUNTRIES[random.nextInt(COUNTRIES.length)], DEVICES[random.nextInt(DEVICES.length)]));
            }
        }
        return events;
    }

    /** Sends every event once, each also counted in {@code expected}, and waits for the acks. */
    private static void sendAll(TestingKafka kafka, List<PlatformEvent> events, ExpectedCounters expected)
    {
        events.forEach(event -> {
            send(kafka, event);
            expected.add(event);
        });
        kafka.flush();
    }

    private static void send(TestingKafka kafka, PlatformEvent event)
    {
        kafka.send(EventType.of(event).topic(), event);
    }

    private SpeedLayerConfig config(LocalStack stack, String startingOffsets, String name)
    {
        return config(stack, startingOffsets, name, new RedisTarget(URI.create(stack.redis().uri()), List.of(), Duration.ofSeconds(5)));
    }

    private SpeedLayerConfig config(LocalStack stack, String startingOffsets, String name, RedisTarget redis)
    {
        return configAt(stack, startingOffsets, checkpoints.resolve(name).toString(), redis);
    }

    private static SpeedLayerConfig configAt(LocalStack stack, String startingOffsets, String checkpointLocation, RedisTarget redis)
    {
        return new SpeedLayerConfig("local[2]", stack.kafka().bootstrapServers(), redis,
                checkpointLocation, Duration.ofMillis(200), Duration.ofMinutes(10), Duration.ofDays(7),
                startingOffsets, 1_000_000, 2, "127.0.0.1", -1, Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMillis(200));
    }

    private static UnifiedJedis redis(LocalStack stack)
    {
        return new UnifiedJedis(URI.create(stack.redis().uri()));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name)
    {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
