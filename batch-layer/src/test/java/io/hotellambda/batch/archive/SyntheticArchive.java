package io.hotellambda.batch.archive;

import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.HotelViewed;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Writes a realistic archived day for benchmarks, through the archiver's own writer and publish:
 * view events over {@code hotels} hotels with Zipf popularity (s = 1), a viewer pool, 20
 * countries, 3 devices, one in a hundred events retried (same id, a few seconds later), spread
 * over Kafka partitions by hotel as booking-app keys them, and watermarks past the day's end.
 */
public final class SyntheticArchive
{
    private static final String[] COUNTRIES = {"NL", "DE", "FR", "GB", "US", "ES", "IT", "BE", "PL", "SE", "NO", "DK", "CH", "AT", "PT", "IE", "CA", "AU", "JP", "BR"};
    private static final String[] DEVICES = {"mobile", "desktop", "tablet"};

    private final ArchiveStore store;
    private final Configuration hadoop;
    private final String topic;
    private final int partitions;
    private final double[] cumulative;

    public SyntheticArchive(ArchiveStore store, Configuration hadoop, String topic, int partitions, int hotels)
    {
        this.store = store;
        this.hadoop = hadoop;
        this.topic = topic;
        this.partitions = partitions;
        this.cumulative = new double[hotels];
        double sum = 0;
        for (int rank = 1; rank <= hotels; rank++) {
            sum += 1.0 / rank;
            cumulative[rank - 1] = sum;
        }
        for (int i = 0; i < hotels; i++) {
            cumulative[i] /= sum;
        }
    }

    /** Writes {@code events} records of {@code day}, one partition per task, on {@code threads} threads. */
    public void writeDay(LocalDate day, long events, int threads)
            throws InterruptedException
    {
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int first = t;
            workers[t] = new Thread(() -> {
                for (int partition = first; partition < partitions; partition += threads) {
                    writePartition(day, partition, events / partitions);
                }
            }, "synthetic-archive-" + t);
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        Instant watermark = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(1));
        for (int partition = 0; partition < partitions; partition++) {
            try {
                store.writeWatermark(new ArchiveWatermark(topic, partition, partitions, watermark, events / partitions, Instant.now()));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void writePartition(LocalDate day, int partition, long records)
    {
        EventCodec codec = new EventCodec();
        SplittableRandom random = new SplittableRandom(partition);
        long start = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        double step = Duration.ofDays(1).toMillis() / (double) records;
        long rangeSize = 2_000_000;
        OpenRange range = null;
        HotelViewed previous = null;
        for (long offset = 0; offset < records; offset++) {
            if (range == null) {
                range = new OpenRange(store.layout(), hadoop, topic, partition, offset, System.nanoTime());
            }
            Instant receivedAt = Instant.ofEpochMilli(start + (long) (offset * step));
            HotelViewed view;
            if (previous != null && random.nextInt(100) == 0) {
                // a client retry: same event, accepted again a moment later
                view = new HotelViewed(previous.eventId(), receivedAt, previous.occurredAt(), previous.hotelId(), previous.viewerId(), previous.country(), previous.device());
            }
            else {
                long hotel;
                do {
                    // each hotel lives on one partition, as Kafka's key hashing places it
                    hotel = hotel(random.nextDouble());
                }
                while (hotel % partitions != partition);
                view = new HotelViewed(new UUID(random.nextLong(), random.nextLong()), receivedAt, null, hotel,
                        "v" + random.nextInt(5_000_000), COUNTRIES[random.nextInt(COUNTRIES.length)], DEVICES[random.nextInt(DEVICES.length)]);
            }
            previous = view;
            ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(topic, partition, offset, receivedAt.toEpochMilli(),
                    TimestampType.CREATE_TIME, 0, 0, view.partitionKey().getBytes(StandardCharsets.UTF_8), codec.encode(view),
                    new RecordHeaders(), Optional.empty());
            range.append(RawRecord.of(record, codec));
            if (range.records() >= rangeSize || offset == records - 1) {
                try {
                    store.publish(range.close(), PublishHook.NONE);
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                range = null;
            }
        }
    }

    private long hotel(double uniform)
    {
        int index = Arrays.binarySearch(cumulative, uniform);
        return 1 + (index >= 0 ? index : Math.min(-index - 1, cumulative.length - 1));
    }
}
