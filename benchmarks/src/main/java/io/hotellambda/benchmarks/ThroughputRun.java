package io.hotellambda.benchmarks;

import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.HotelViewed;
import io.hotellambda.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Produces view events straight to Kafka at a fixed rate while the speed layer consumes them, and
 * samples its lag (produced minus the rows the speed layer has applied) every 5 seconds. After the
 * warm-up at half the rate it switches to the full rate and waits, still producing, until the lag is
 * under ten seconds of input, then measures. The query kept up when its lag at the end of the
 * measured window is no larger than at its start plus ten seconds of input (one large micro-batch
 * in flight), and below twenty seconds of input.
 */
final class ThroughputRun
{
    private static final String[] COUNTRIES = {"NL", "DE", "FR", "GB", "US", "ES", "IT"};
    private static final String[] DEVICES = {"mobile", "desktop", "tablet", "other"};

    record Result(int rate, long produced, double processedPerSecond, long lagAtStart, long lagAtEnd, List<Long> lagSamples)
    {
        boolean keptUp()
        {
            return lagAtEnd <= lagAtStart + rate * 10L && lagAtEnd <= rate * 20L;
        }

        String summary()
        {
            return "rate %,d events/s: processed %,.0f events/s over the window; lag every 5 s: %s -> %s".formatted(rate, processedPerSecond,
                    lagSamples.stream().map(Object::toString).collect(Collectors.joining(" ")), keptUp() ? "kept up" : "fell behind");
        }
    }

    private final String bootstrapServers;
    private final SpeedLayerMetricsReader metrics;
    private final ZipfHotels hotels;

    ThroughputRun(String bootstrapServers, SpeedLayerMetricsReader metrics, int hotelCount)
    {
        this.bootstrapServers = bootstrapServers;
        this.metrics = metrics;
        // ids far above the hotels booking-app creates for the freshness probes
        this.hotels = new ZipfHotels(1_000_000, hotelCount, 1.0);
    }

    Result run(int rate, Duration warmup, Duration measure)
            throws InterruptedException
    {
        long processedBefore = metrics.value("speed_layer_input_rows_total");
        AtomicLong produced = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        // warm up at half the rate: the JIT makes the first batches slow, and a backlog built then
        // would leave no room to show the rate itself is sustained
        AtomicInteger currentRate = new AtomicInteger(rate / 2);
        Thread producer = new Thread(() -> produce(currentRate, produced, stop), "bench-producer");
        producer.start();
        try {
            Thread.sleep(warmup.toMillis());
            currentRate.set(rate);
            long caughtUpDeadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (produced.get() - (metrics.value("speed_layer_input_rows_total") - processedBefore) > rate * 10L && System.nanoTime() < caughtUpDeadline) {
                Thread.sleep(1000);
            }
            long startNanos = System.nanoTime();
            long processedAtStart = metrics.value("speed_layer_input_rows_total") - processedBefore;
            long lagAtStart = produced.get() - processedAtStart;
            List<Long> lags = new ArrayList<>(List.of(lagAtStart));
            long processed = processedAtStart;
            while (System.nanoTime() - startNanos < measure.toNanos()) {
                Thread.sleep(5000);
                processed = metrics.value("speed_layer_input_rows_total") - processedBefore;
                lags.add(produced.get() - processed);
            }
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            stop.set(true);
            producer.join();
            awaitDrained(produced.get(), processedBefore, Duration.ofMinutes(3));
            return new Result(rate, produced.get(), (processed - processedAtStart) / seconds, lagAtStart, lags.get(lags.size() - 1), lags);
        }
        finally {
            stop.set(true);
            producer.join();
        }
    }

    /**
     * Catch-up speed: {@code events} produced as fast as the producer goes while the query reads,
     * timed until the query has applied them all.
     */
    record Drain(long produced, double eventsPerSecond) {}

    Drain drain(long events)
            throws InterruptedException
    {
        long processedBefore = metrics.value("speed_layer_input_rows_total");
        AtomicLong produced = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        long started = System.nanoTime();
        Thread producer = new Thread(() -> produce(new AtomicInteger(Integer.MAX_VALUE / 1000), produced, stop), "bench-producer");
        producer.start();
        while (produced.get() < events) {
            Thread.sleep(1);
        }
        stop.set(true);
        producer.join();
        awaitDrained(produced.get(), processedBefore, Duration.ofMinutes(10));
        return new Drain(produced.get(), produced.get() / ((System.nanoTime() - started) / 1e9));
    }

    private void awaitDrained(long produced, long processedBefore, Duration timeout)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (metrics.value("speed_layer_input_rows_total") - processedBefore < produced) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the speed layer did not catch up within " + timeout);
            }
            Thread.sleep(250);
        }
    }

    /** Keeps the produced count at the integral of the rate over time, in 1 ms steps. */
    private void produce(AtomicInteger rate, AtomicLong produced, AtomicBoolean stop)
    {
        EventCodec codec = new EventCodec();
        SplittableRandom random = new SplittableRandom(42);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            long last = System.nanoTime();
            double due = 0;
            while (!stop.get()) {
                long now = System.nanoTime();
                due += (now - last) / 1e9 * rate.get();
                last = now;
                while (produced.get() < due && !stop.get()) {
                    long hotel = hotels.next(random);
                    HotelViewed view = new HotelViewed(UUID.randomUUID(), Instant.now(), null, hotel, "viewer-" + random.nextInt(2_000_000),
                            COUNTRIES[random.nextInt(COUNTRIES.length)], DEVICES[random.nextInt(DEVICES.length)]);
                    producer.send(new ProducerRecord<>(Topics.HOTEL_VIEW_EVENTS, Long.toString(hotel).getBytes(StandardCharsets.UTF_8), codec.encode(view)));
                    produced.incrementAndGet();
                }
                try {
                    Thread.sleep(1);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            producer.flush();
        }
    }
}
