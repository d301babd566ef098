package io.hotellambda.batch.bench;

import io.hotellambda.batch.BatchSpark;
import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.archive.ArchiveStore;
import io.hotellambda.batch.archive.Archiver;
import io.hotellambda.batch.archive.ArchiverConfig;
import io.hotellambda.batch.archive.ArchiverMain;
import io.hotellambda.batch.archive.PublishHook;
import io.hotellambda.batch.archive.PublishListener;
import io.hotellambda.batch.archive.SyntheticArchive;
import io.hotellambda.batch.archive.SyntheticBookings;
import io.hotellambda.batch.bookings.DailyBookingsJob;
import io.hotellambda.batch.bookings.InventorySnapshot;
import io.hotellambda.batch.bookings.StayDateJob;
import io.hotellambda.batch.bookings.SupplyDemandPublisher;
import io.hotellambda.schemas.Topics;
import io.hotellambda.batch.daily.BatchTables;
import io.hotellambda.batch.daily.DailyViews;
import io.hotellambda.batch.daily.RawColumns;
import io.hotellambda.batch.daily.DailyViewsJob;
import io.hotellambda.batch.daily.ServingPublisher;
import io.hotellambda.batch.hive.HiveMetastore;
import io.hotellambda.batch.hive.MetastoreDatabase;
import io.hotellambda.infra.KafkaBroker;
import io.hotellambda.infra.Ports;
import io.hotellambda.infra.PostgresServer;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.HotelViewed;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.sum;

/**
 * {@code bin/bench batch [--events 50000000] [--hotels 50000] [--rounds 2] [--archiver-events 3000000]
 * [--reservations 1000000] [--booking-hotels 10000]}:
 * <ol>
 * <li>the nightly job over a generated day against Spark's own exact SQL for the same outputs (distinct events and
 * viewers per hotel, distinct events per hotel, UTC hour, country and device), beside the read floor (the columns the
 * job counts from, read and hashed once, with no deduplication) and a plain {@code SELECT hotel_id, count(*) ... GROUP BY},
 * alternating in each of {@code rounds} rounds, after one untimed warm-up of each cheap query;</li>
 * <li>the archiver draining records already in Kafka, against a bare consumer reading the same records, alternating,
 * {@code rounds} times each, after both warmed up on a topic of their own;</li>
 * <li>the booking jobs over a generated day of {@code reservations} holds over {@code booking-hotels} hotels and their
 * events ({@link SyntheticBookings}): the day's booking numbers against Spark's own SQL for the same numbers (a plain
 * {@code GROUP BY} with {@code count(DISTINCT event_id)} and sums), and the stay-date job (stay nights, supply and
 * demand with suggestions, published) against the plain SQL for the stay nights alone, alternating, {@code rounds} times.</li>
 * </ol>
 * Everything runs on this machine, on loopback, in a temporary directory deleted at the end.
 */
public final class BatchBenchmark
{
    private static final LocalDate DAY = LocalDate.parse("2026-11-20");
    private static final String TOPIC = "hotel_view_events";

    private BatchBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        long events = longArgument(args, "--events", 50_000_000);
        int hotels = (int) longArgument(args, "--hotels", 50_000);
        int rounds = (int) longArgument(args, "--rounds", 2);
        long archiverEvents = longArgument(args, "--archiver-events", 3_000_000);
        long reservations = longArgument(args, "--reservations", 1_000_000);
        int bookingHotels = (int) longArgument(args, "--booking-hotels", 10_000);
        Path directory = Files.createTempDirectory("hotel-lambda-bench-batch-");
        try {
            if (archiverEvents > 0) {
                archiver(directory.resolve("kafka-run"), archiverEvents, rounds);
            }
            if (events > 0) {
                nightly(directory.resolve("nightly-run"), events, hotels, rounds);
            }
            if (reservations > 0) {
                bookings(directory.resolve("bookings-run"), reservations, bookingHotels, rounds);
            }
        }
        finally {
            deleteRecursively(directory);
        }
    }

    private static void nightly(Path directory, long events, int hotels, int rounds)
            throws Exception
    {
        Configuration hadoop = new Configuration();
        String root = directory.resolve("raw").toUri().toString();
        ArchiveStore store = new ArchiveStore(ArchiveLayout.open(root, hadoop));
        System.out.printf("== Generating %,d view events of %s over %,d hotels (Zipf) as archived Parquet%n", events, DAY, hotels);
        long started = System.nanoTime();
        new SyntheticArchive(store, hadoop, TOPIC, 6, hotels).writeDay(DAY, events, 2);
        double seconds = seconds(started);
        System.out.printf("  written in %.0f s (%,.0f events/s); %,d MiB on disk%n", seconds, events / seconds, sizeOf(directory.resolve("raw")) >> 20);
        if (rounds == 0) {
            return;
        }

        try (PostgresServer postgres = PostgresServer.start(directory.resolve("postgres"), cache(), Ports.freePort(), false);
                MetastoreDatabase metastore = MetastoreDatabase.start(directory.resolve("metastore"), Ports.freePort())) {
            postgres.createDatabase("hotel_lambda");
            ServingPublisher publisher = new ServingPublisher(postgres.jdbcUrl("hotel_lambda"), PostgresServer.USER, "");
            publisher.migrate();
            SparkSession spark = BatchSpark.create("bench-batch", "local[2]",
                    new HiveMetastore(metastore.jdbcUrl(), "APP", "app", directory.resolve("warehouse").toUri().toString()));
            DailyViewsJob job = new DailyViewsJob(spark, store.layout(), publisher);
            // untimed: the Hive tables, which a nightly run finds made (making them in this fresh metastore took 9 s of a first round)
            new BatchTables(spark, store.layout()).create(Topics.ALL);
            compare(spark, job, store.layout().topic(TOPIC) + "/dt=" + DAY, directory, events, rounds);
            spark.stop();
        }
    }

    /** Something timed in a round: the nightly job, or a query over the same files; {@code run} says what it produced. */
    private record Timed(String name, String what, Callable<String> run)
    {
        /** A query, as a new Dataset for every run (collecting one twice reuses its finished stages). */
        static Timed query(String name, String what, Supplier<Dataset<Row>> query)
        {
            return new Timed(name, what, () -> "%,d rows".formatted(query.get().collectAsList().size()));
        }

        void time(String label, Map<String, List<Double>> seconds)
                throws Exception
        {
            long start = System.nanoTime();
            String produced = run.call();
            double took = seconds(start);
            seconds.computeIfAbsent(name, key -> new ArrayList<>()).add(took);
            System.out.printf("  %s: %-15s %6.1f s (%s)%n", label, name, took, produced);
        }
    }

    private static void compare(SparkSession spark, DailyViewsJob job, String dayPath, Path directory, long events, int rounds)
            throws Exception
    {
        // the file schema of both versions, as the job reads: a version 2 archive has no text event_id
        Supplier<Dataset<Row>> files = () -> spark.read().schema(RawColumns.SPARK).parquet(dayPath);
        Supplier<Dataset<Row>> views = () -> DailyViews.countable(files.get(), false);
        List<Timed> references = List.of(
                Timed.query("plain GROUP BY", "SELECT hotel_id, count(*) ... GROUP BY hotel_id: the old baseline, one integer column",
                        () -> files.get().groupBy(col("hotel_id")).count()),
                // what the nightly job cannot avoid: reading the columns it counts from, each row hashed once
                Timed.query("read floor", "the job's columns read and hashed once, no deduplication: the best any job reading them can do",
                        () -> views.get().select(sum(hash(col("hotel_id"), col("id_high"), col("id_low"), col("received_at"), col("viewer_id"), col("country"), col("device"))))),
                Timed.query("event id alone", "the event id's columns read and hashed once",
                        () -> files.get().select(sum(hash(col("event_id_hi"), col("event_id_lo"))))));
        // Spark's own exact SQL for the job's outputs: the totals (collected, as the job collects its
        // totals to publish them) and the breakdown (written as Parquet, as the job writes its table)
        Timed exact = new Timed("exact SQL", "count(DISTINCT event_id), count(DISTINCT viewer_id) per hotel, and count(DISTINCT event_id) per hotel, "
                + "UTC hour, country and device written out: the same outputs, without the midnight retry rule", () -> {
            Dataset<Row> valid = files.get().where(col("error").isNull().and(col("event_type").equalTo(DailyViews.VIEWED)));
            long totals = valid.groupBy(col("hotel_id"))
                    .agg(countDistinct(col("event_id_hi"), col("event_id_lo")), countDistinct(col("viewer_id")))
                    .collectAsList().size();
            valid.groupBy(col("hotel_id"), hour(col("received_at")).as("hour"), col("country"), col("device"))
                    .agg(countDistinct(col("event_id_hi"), col("event_id_lo")).as("views"))
                    .write().mode(SaveMode.Overwrite).parquet(directory.resolve("exact-breakdown").toUri().toString());
            return "%,d hotels; breakdown written".formatted(totals);
        });
        Timed nightlyJob = new Timed("nightly job", "", () -> {
            DailyViewsJob.Outcome outcome = job.run(DAY, false);
            return "%,d views counted over %,d hotels".formatted(outcome.views(), outcome.hotels());
        });
        // one untimed run of each cheap query first: a cold JIT triples the first plain GROUP BY
        for (Timed reference : references) {
            reference.run().call();
        }
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Timed timed : references) {
                timed.time("round " + round, seconds);
            }
            nightlyJob.time("round " + round, seconds);
            exact.time("round " + round, seconds);
        }
        double nightly = median(seconds.get(nightlyJob.name()));
        System.out.printf("%nnightly job: median %.1f s = %,.0f events/s%n", nightly, events / nightly);
        System.out.println("speed ratio = reference's time / nightly job's time (above 1: the job is faster)");
        List<Timed> reported = new ArrayList<>(references);
        reported.add(exact);
        for (Timed reference : reported) {
            double median = median(seconds.get(reference.name()));
            String target = reference == exact ? " (target >= 2.00)" : reference == references.get(1) ? " (target >= 0.33: the job within 3x of it)" : "";
            System.out.printf("  %-15s median %6.1f s, ratio %.2f%s: %s%n", reference.name(), median, median / nightly, target, reference.what());
        }
    }

    private static void bookings(Path directory, long reservations, int hotels, int rounds)
            throws Exception
    {
        Configuration hadoop = new Configuration();
        ArchiveStore store = new ArchiveStore(ArchiveLayout.open(directory.resolve("raw").toUri().toString(), hadoop));
        System.out.printf("%n== Generating %,d reservations of %s over %,d hotels (Zipf) with their booking events, as archived Parquet%n", reservations, DAY, hotels);
        long started = System.nanoTime();
        long events = new SyntheticBookings(store, hadoop, 6, hotels).writeDay(DAY, reservations);
        System.out.printf("  %,d events written in %.0f s; %,d MiB on disk%n", events, seconds(started), sizeOf(directory.resolve("raw")) >> 20);
        if (rounds == 0) {
            return;
        }
        try (PostgresServer postgres = PostgresServer.start(directory.resolve("postgres"), cache(), Ports.freePort(), false);
                MetastoreDatabase metastore = MetastoreDatabase.start(directory.resolve("metastore"), Ports.freePort())) {
            postgres.createDatabase("hotel_lambda");
            String jdbcUrl = postgres.jdbcUrl("hotel_lambda");
            new ServingPublisher(jdbcUrl, PostgresServer.USER, "").migrate();
            SparkSession spark = BatchSpark.create("bench-bookings", "local[2]",
                    new HiveMetastore(metastore.jdbcUrl(), "APP", "app", directory.resolve("warehouse").toUri().toString()));
            writeSnapshot(spark, store.layout(), hotels);
            DailyBookingsJob bookings = new DailyBookingsJob(spark, store.layout(), jdbcUrl, PostgresServer.USER, "");
            StayDateJob stayDateJob = new StayDateJob(spark, store.layout(), new InventorySnapshot(spark, store.layout(), java.time.Clock.systemUTC(), jdbcUrl, PostgresServer.USER, ""),
                    new SupplyDemandPublisher(jdbcUrl, PostgresServer.USER, ""));
            String dayPath = store.layout().topic(Topics.BOOKING_EVENTS) + "/dt=" + DAY;
            Timed bookingSql = Timed.query("booking SQL", "per hotel, hour and currency: count(DISTINCT event_id) of each event type, sums of room nights, "
                    + "revenue and refunds (copies counted twice in the sums): the issue's baseline", () -> bookingSql(spark, dayPath));
            Timed stayNightSql = Timed.query("stay-night SQL", "per hotel, room type and night: count(DISTINCT event_id), rooms and revenue of the day's "
                    + "confirmations, exploded over their nights (no cancellations, no capacity, no supply and demand)", () -> stayNightSql(spark, dayPath));
            Timed bookingJob = new Timed("booking job", "", () -> {
                DailyBookingsJob.Outcome outcome = bookings.run(DAY, false);
                return "%,d events over %,d hotels, published".formatted(outcome.events(), outcome.hotels());
            });
            Timed stayJob = new Timed("stay-date job", "", () -> {
                StayDateJob.Outcome outcome = stayDateJob.run(DAY);
                return "%,d stay nights, %,d supply and demand rows, published".formatted(outcome.nights(), outcome.supplyDemandRows());
            });
            // one untimed run of each first: a cold JIT, and the first run creates the Hive tables, which a nightly run finds made
            for (Timed timed : List.of(bookingSql, bookingJob, stayNightSql, stayJob)) {
                timed.run().call();
            }
            Map<String, List<Double>> seconds = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                for (Timed timed : List.of(bookingSql, bookingJob, stayNightSql, stayJob)) {
                    timed.time("round " + round, seconds);
                }
            }
            System.out.println("speed ratio = SQL's time / job's time (above 1: the job is faster)");
            for (List<Timed> pair : List.of(List.of(bookingJob, bookingSql), List.of(stayJob, stayNightSql))) {
                double job = median(seconds.get(pair.get(0).name()));
                double sql = median(seconds.get(pair.get(1).name()));
                System.out.printf("  %-15s median %6.1f s; %-15s median %6.1f s, ratio %.2f%s: %s%n", pair.get(0).name(), job, pair.get(1).name(), sql, sql / job,
                        pair.get(1) == bookingSql ? " (target >= 1.00)" : "", pair.get(1).what());
            }
            spark.stop();
        }
    }

    private static Dataset<Row> bookingSql(SparkSession spark, String dayPath)
    {
        StructType payload = StructType.fromDDL("total_cents BIGINT, refund_cents BIGINT, currency STRING, check_in DATE, check_out DATE, rooms INT");
        Dataset<Row> events = spark.read().parquet(dayPath).where(col("error").isNull())
                .select(col("hotel_id"), col("event_id_hi"), col("event_id_lo"), col("event_type"), hour(col("received_at")).as("hour"),
                        from_json(col("payload"), payload).as("p"));
        Column confirmed = col("event_type").equalTo(lit("reservation_confirmed"));
        Column cancelled = col("event_type").equalTo(lit("reservation_cancelled"));
        return events.groupBy(col("hotel_id"), col("hour"), col("p.currency"))
                .agg(countDistinct(when(col("event_type").equalTo(lit("reservation_created")), col("event_id_hi")), when(col("event_type").equalTo(lit("reservation_created")), col("event_id_lo"))),
                        countDistinct(when(confirmed, col("event_id_hi")), when(confirmed, col("event_id_lo"))),
                        countDistinct(when(cancelled, col("event_id_hi")), when(cancelled, col("event_id_lo"))),
                        countDistinct(when(col("event_type").equalTo(lit("reservation_expired")), col("event_id_hi")), when(col("event_type").equalTo(lit("reservation_expired")), col("event_id_lo"))),
                        countDistinct(when(col("event_type").equalTo(lit("payment_failed")), col("event_id_hi")), when(col("event_type").equalTo(lit("payment_failed")), col("event_id_lo"))),
                        sum(when(confirmed, col("p.rooms").multiply(datediff(col("p.check_out"), col("p.check_in"))))),
                        sum(when(confirmed, col("p.total_cents"))),
                        sum(when(cancelled, col("p.refund_cents"))));
    }

    private static Dataset<Row> stayNightSql(SparkSession spark, String dayPath)
    {
        StructType payload = StructType.fromDDL("room_type_id BIGINT, check_in DATE, rooms INT, night_prices_cents ARRAY<BIGINT>");
        return spark.read().parquet(dayPath).where(col("error").isNull().and(col("event_type").equalTo(lit("reservation_confirmed"))))
                .select(col("hotel_id"), col("event_id_hi"), col("event_id_lo"), from_json(col("payload"), payload).as("p"))
                .select(col("hotel_id"), col("event_id_hi"), col("event_id_lo"), col("p.room_type_id").as("room_type_id"), col("p.check_in").as("check_in"), col("p.rooms").as("rooms"),
                        posexplode(col("p.night_prices_cents")).as(new String[] {"night", "price"}))
                .groupBy(col("hotel_id"), col("room_type_id"), date_add(col("check_in"), col("night")).as("stay_date"))
                .agg(countDistinct(col("event_id_hi"), col("event_id_lo")), sum(col("rooms")), sum(col("price").multiply(col("rooms"))));
    }

    /**
     * The day's inventory snapshot, as {@link InventorySnapshot} would have taken it from
     * booking-app: every room type of {@link SyntheticBookings} with 20 rooms a night over the 91
     * nights from the day, priced at its base price within [5,000, 60,000], the hotels in 100 cities.
     */
    private static void writeSnapshot(SparkSession spark, ArchiveLayout layout, int hotels)
    {
        Column roomType = col("hotel_id").multiply(2).plus(col("k"));
        Column base = lit(8_000L).plus(pmod(roomType.multiply(7_919L), lit(22_000L)));
        spark.range(1, hotels + 1L).withColumnRenamed("id", "hotel_id")
                .crossJoin(spark.range(0, 2).withColumnRenamed("id", "k"))
                .crossJoin(spark.range(0, InventorySnapshot.HORIZON_DAYS + 1L).withColumnRenamed("id", "d"))
                .select(col("hotel_id"), concat(lit("city-"), pmod(col("hotel_id"), lit(100L)).cast("string")).as("city"), lit("EUR").as("currency"),
                        roomType.as("room_type_id"), lit(20).as("quantity"), lit(5_000L).as("price_min_cents"), lit(60_000L).as("price_max_cents"),
                        base.as("base_price_cents"), date_add(lit(DAY.toString()).cast("date"), col("d").cast("int")).as("stay_date"), lit(20).as("capacity"),
                        lit(22).as("overbook_cap"), lit(0).as("sold"), lit(0).as("held"), lit(false).as("closed"), base.as("price_cents"),
                        current_timestamp().as("taken_at"))
                .write().mode(SaveMode.Overwrite).parquet(layout.snapshot(InventorySnapshot.TABLE) + "/dt=" + DAY);
    }

    private static void archiver(Path directory, long events, int rounds)
            throws Exception
    {
        try (KafkaBroker kafka = KafkaBroker.start(directory.resolve("kafka"), Ports.freePort(), Ports.freePort())) {
            String warmUp = "bench_archive_warm_up";
            String topic = "bench_archive";
            long warmUpEvents = Math.min(events, 1_000_000);
            kafka.createTopics(List.of(warmUp, topic), 6);
            System.out.printf("== Producing %,d view events to Kafka (6 partitions), and %,d to warm up with, before timing%n", events, warmUpEvents);
            produce(kafka.bootstrapServers(), warmUp, warmUpEvents);
            produce(kafka.bootstrapServers(), topic, events);
            // untimed, on their own topic: a cold JIT compiles the decoder and the Parquet writer while it runs
            bareRead(kafka, warmUp, warmUpEvents, "bench-bare-warm-up");
            archive(kafka, warmUp, warmUpEvents, directory.resolve("warm-up"), "bench-archiver-warm-up");

            List<Double> bare = new ArrayList<>();
            List<Double> archiving = new ArrayList<>();
            for (int round = 1; round <= Math.max(1, rounds); round++) {
                // each round reads the topic from the start, in its own consumer group, into its own archive
                bare.add(bareRead(kafka, topic, events, "bench-bare-" + round));
                archiving.add(archive(kafka, topic, events, directory.resolve("raw-" + round), "bench-archiver-" + round));
                System.out.printf("  round %d: bare consumer %.1f s, archiver %.1f s, ratio %.2f%n", round, bare.get(round - 1), archiving.get(round - 1),
                        bare.get(round - 1) / archiving.get(round - 1));
            }
            double bareMedian = median(bare);
            double archivingMedian = median(archiving);
            System.out.printf("archiver: %,d events published in median %.1f s = %,.0f events/s; baseline bare consumer: median %.1f s = %,.0f events/s; "
                    + "ratio %.2f (target >= 0.30)%n", events, archivingMedian, events / archivingMedian, bareMedian, events / bareMedian, bareMedian / archivingMedian);
        }
    }

    /** Seconds a bare consumer takes to read the topic's {@code events}, polling as the archiver does. */
    private static double bareRead(KafkaBroker kafka, String topic, long events, String group)
    {
        long start = System.nanoTime();
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (read < events) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        return seconds(start);
    }

    /** Seconds the archiver takes to publish the topic's {@code events} under {@code root}, a range closed after 2 s at most. */
    private static double archive(KafkaBroker kafka, String topic, long events, Path root, String group)
            throws Exception
    {
        ArchiverConfig config = new ArchiverConfig(kafka.bootstrapServers(), group, List.of(topic),
                root.toUri().toString(), 1_000_000, Duration.ofMinutes(15), Duration.ofSeconds(2), Duration.ofMinutes(5));
        Configuration hadoop = new Configuration();
        ArchiveStore store = new ArchiveStore(ArchiveLayout.open(config.archiveRoot(), hadoop));
        long start = System.nanoTime();
        try (Archiver archiver = new Archiver(config, ArchiverMain.consumer(config), store, hadoop, PublishListener.NONE, PublishHook.NONE, Clock.systemUTC())) {
            Thread thread = new Thread(archiver::run, "archiver");
            thread.start();
            // the archiver's own count of what it published: listing the store's manifests ten times a second took a core
            while (archiver.archived() < events) {
                Thread.sleep(20);
            }
            double seconds = seconds(start);
            archiver.stop();
            thread.join();
            if (store.archivedRecords(topic) != events) {
                throw new IllegalStateException("the store holds %,d records, not %,d".formatted(store.archivedRecords(topic), events));
            }
            return seconds;
        }
    }

    private static void produce(String bootstrapServers, String topic, long events)
    {
        EventCodec codec = new EventCodec();
        SplittableRandom random = new SplittableRandom(7);
        Instant start = Instant.now().minus(Duration.ofHours(1));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < events; i++) {
                long hotel = 1 + random.nextInt(50_000);
                HotelViewed view = new HotelViewed(new UUID(random.nextLong(), random.nextLong()), start.plusMillis(i / 1000), null, hotel,
                        "v" + random.nextInt(1_000_000), "NL", "mobile");
                producer.send(new ProducerRecord<>(topic, Long.toString(hotel).getBytes(StandardCharsets.UTF_8), codec.encode(view)));
            }
        }
    }

    private static Path cache()
    {
        return Path.of(System.getProperty("java.io.tmpdir"), "hotel-lambda-cache-" + System.getProperty("user.name"));
    }

    private static double seconds(long startNanos)
    {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double median(List<Double> values)
    {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static long longArgument(String[] args, String name, long defaultValue)
    {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Long.parseLong(args[i + 1].replace("_", ""));
            }
        }
        return defaultValue;
    }

    private static long sizeOf(Path directory)
            throws IOException
    {
        try (var files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        }
    }

    private static void deleteRecursively(Path directory)
            throws IOException
    {
        try (var files = Files.walk(directory)) {
            files.sorted(Collections.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
