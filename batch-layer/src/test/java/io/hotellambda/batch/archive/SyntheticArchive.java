package io.hotellambda.batch.archive;

import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.HotelViewed;
import io.hotellambda.schemas.PlatformEvent;
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
import java.util.Iterator;
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
        long[] nextOffsets = new long[partitions];
        Arrays.fill(nextOffsets, events / partitions);
        completeDay(store, topic, day, nextOffsets);
    }

    /** The archive watermarks of every partition past {@code day}'s end, so the nightly job takes the day as complete. */
    static void completeDay(ArchiveStore store, String topic, LocalDate day, long[] nextOffsets)
    {
        Instant watermark = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(1));
        for (int partition = 0; partition < nextOffsets.length; partition++) {
            try {
                store.writeWatermark(new ArchiveWatermark(topic, partition, nextOffsets.length, watermark, nextOffsets[partition], Instant.now()));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void writePartition(LocalDate day, int partition, long records)
    {
        SplittableRandom random = new SplittableRandom(partition);
        long start = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        double step = Duration.ofDays(1).toMillis() / (double) records;
        Iterator<HotelViewed> views = new Iterator<>()
        {
            private long offset;
            private HotelViewed previous;

            @Override
            public boolean hasNext()
            {
                return offset < records;
            }

            @Override
            public HotelViewed next()
            {
                Instant receivedAt = Instant.ofEpochMilli(start + (long) (offset++ * step));
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
                return view;
            }
        };
        write(store, hadoop, topic, partition, views);
    }

    /**
     * Archives {@code events} (in {@code received_at} order) as partition {@code partition} of
     * {@code topic} from offset 0, through the archiver's writer, in ranges of 2,000,000 records,
     * each published as the archiver publishes it.
     */
    static void write(ArchiveStore store, Configuration hadoop, String topic, int partition, Iterator<? extends PlatformEvent> events)
    {
        EventCodec codec = new EventCodec();
        long rangeSize = 2_000_000;
        OpenRange range = null;
        long offset = 0;
        while (events.hasNext()) {
            PlatformEvent event = events.next();
            if (range == null) {
                range = new OpenRange(store.layout(), hadoop, topic, partition, offset, System.nanoTime());
            }
            ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(topic, partition, offset++, event.receivedAt().toEpochMilli(),
                    TimestampType.CREATE_TIME, 0, 0, event.partitionKey().getBytes(StandardCharsets.UTF_8), codec.encode(event),
                    new RecordHeaders(), Optional.empty());
            range.append(RawRecord.of(record, codec));
            if (range.records() >= rangeSize || !events.hasNext()) {
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

    /** The hotel of a uniform draw: hotel {@code k} (from 1) is drawn with weight 1/k. */
    long hotel(double uniform)
    {
        int index = Arrays.binarySearch(cumulative, uniform);
        return 1 + (index >= 0 ? index : Math.min(-index - 1, cumulative.length - 1));
    }
}
