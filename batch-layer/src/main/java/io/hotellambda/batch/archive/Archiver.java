package io.hotellambda.batch.archive;

import io.hotellambda.schemas.EventCodec;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads every record of the configured topics and archives it exactly once as Parquet. Each
 * assigned partition resumes where its published ranges end on disk (never where Kafka's committed
 * offset says: that is written after a publish, for lag monitoring only). A range is published when
 * it is full by record count, by {@code received_at} span, or by age; partitions taken away in a
 * rebalance drop their unpublished range, which the next owner reads again.
 */
public final class Archiver
        implements AutoCloseable
{
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration WATERMARK_INTERVAL = Duration.ofSeconds(1);

    private final ArchiverConfig config;
    private final Consumer<byte[], byte[]> consumer;
    private final ArchiveStore store;
    private final Configuration hadoop;
    private final PublishHook hook;
    private final PublishListener listener;
    private final Clock clock;
    private final EventCodec codec = new EventCodec();
    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
    private volatile boolean running = true;
    private volatile long archived;
    private long nextWatermarkNanos;

    /** {@code listener} hears of every committed range (the Hive partition registrar); {@code hook} is the tests' crash injection. */
    public Archiver(ArchiverConfig config, Consumer<byte[], byte[]> consumer, ArchiveStore store, Configuration hadoop, PublishListener listener, PublishHook hook,
            Clock clock)
    {
        this.config = config;
        this.consumer = consumer;
        this.store = store;
        this.hadoop = hadoop;
        this.hook = hook;
        this.listener = listener;
        this.clock = clock;
    }

    /** Archives until {@link #stop()}; then publishes what it holds. A failure propagates with nothing published half-way. */
    public void run()
    {
        consumer.subscribe(config.topics(), new Rebalance());
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    append(record);
                }
                for (PartitionState state : partitions.values()) {
                    closeAged(state);
                }
                commitPublished();
                updateWatermarks(false);
            }
        }
        catch (WakeupException e) {
            if (running) {
                throw e;
            }
        }
        for (PartitionState state : partitions.values()) {
            publish(state);
        }
        commitPublished();
        updateWatermarks(true);
    }

    public void stop()
    {
        running = false;
        consumer.wakeup();
    }

    /** Records archived (published) by this instance so far. */
    public long archived()
    {
        return archived;
    }

    private void append(ConsumerRecord<byte[], byte[]> record)
    {
        PartitionState state = partitions.get(new TopicPartition(record.topic(), record.partition()));
        if (state.open == null) {
            state.open = new OpenRange(store.layout(), hadoop, record.topic(), record.partition(), state.nextOffset, System.nanoTime());
        }
        RawRecord raw = RawRecord.of(record, codec);
        state.open.append(raw);
        hook.at(PublishStep.RECORD_APPENDED);
        state.latestReadReceivedAt = Math.max(state.latestReadReceivedAt, raw.receivedAt());
        if (state.open.records() >= config.maxRecords() || state.open.receivedAtSpanMillis() >= config.maxSpan().toMillis()) {
            publish(state);
        }
    }

    private void closeAged(PartitionState state)
    {
        if (state.open == null) {
            return;
        }
        state.open.coverUpTo(consumer.position(state.partition));
        if (System.nanoTime() - state.open.openedAtNanos() >= config.maxAge().toNanos()) {
            publish(state);
        }
    }

    private void publish(PartitionState state)
    {
        if (state.open == null) {
            return;
        }
        RangeManifest range = state.open.close();
        state.open = null;
        try {
            store.publish(range, hook);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot publish %s/%s offsets %s-%s".formatted(range.topic(), range.partition(), range.firstOffset(), range.lastOffset()), e);
        }
        listener.published(range);
        state.nextOffset = range.lastOffset() + 1;
        archived += range.records();
        toCommit.put(state.partition, new OffsetAndMetadata(state.nextOffset));
    }

    private void commitPublished()
    {
        if (toCommit.isEmpty()) {
            return;
        }
        consumer.commitSync(Map.copyOf(toCommit));
        toCommit.clear();
        hook.at(PublishStep.OFFSETS_COMMITTED);
    }

    /**
     * A partition's watermark is the earliest {@code received_at} it may still publish: the oldest
     * record of its open range, or what it will read next, which is at most {@code lateness} older
     * than the newest record read (or than now, when it has read everything Kafka holds).
     */
    private void updateWatermarks(boolean force)
    {
        long now = System.nanoTime();
        if (!force && now < nextWatermarkNanos) {
            return;
        }
        nextWatermarkNanos = now + WATERMARK_INTERVAL.toNanos();
        Instant wallClock = clock.instant();
        for (PartitionState state : partitions.values()) {
            OptionalLong lag = consumer.currentLag(state.partition);
            long unread = lag.isPresent() && lag.getAsLong() == 0 ? wallClock.toEpochMilli() : state.latestReadReceivedAt;
            if (unread == Long.MIN_VALUE) {
                continue;
            }
            long bound = unread - config.lateness().toMillis();
            if (state.open != null) {
                bound = Math.min(bound, state.open.minReceivedAt());
            }
            if (bound > state.watermark) {
                state.watermark = bound;
                writeWatermark(state, wallClock);
            }
        }
    }

    private void writeWatermark(PartitionState state, Instant now)
    {
        try {
            store.writeWatermark(new ArchiveWatermark(state.partition.topic(), state.partition.partition(), state.topicPartitions,
                    Instant.ofEpochMilli(state.watermark), state.nextOffset, now));
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot write the watermark of " + state.partition, e);
        }
    }

    @Override
    public void close()
    {
        for (PartitionState state : partitions.values()) {
            if (state.open != null) {
                state.open.abandon();
            }
        }
        partitions.clear();
        consumer.close();
    }

    private final class Rebalance
            implements ConsumerRebalanceListener
    {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked)
        {
            // the next owner resumes from what is published; an open range is read again there
            for (TopicPartition partition : revoked) {
                PartitionState state = partitions.remove(partition);
                if (state != null && state.open != null) {
                    state.open.abandon();
                }
            }
            toCommit.keySet().removeAll(revoked);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned)
        {
            for (TopicPartition partition : assigned) {
                try {
                    OptionalLong next = store.recover(partition.topic(), partition.partition());
                    if (next.isPresent()) {
                        consumer.seek(partition, next.getAsLong());
                    }
                    else {
                        consumer.seekToBeginning(List.of(partition));
                    }
                    PartitionState state = new PartitionState(partition, consumer.position(partition), consumer.partitionsFor(partition.topic()).size());
                    state.watermark = store.watermark(partition.topic(), partition.partition()).map(mark -> mark.watermark().toEpochMilli()).orElse(Long.MIN_VALUE);
                    partitions.put(partition, state);
                }
                catch (IOException e) {
                    throw new UncheckedIOException("cannot recover the archive of " + partition, e);
                }
            }
        }
    }

    private static final class PartitionState
    {
        private final TopicPartition partition;
        private final int topicPartitions;
        private long nextOffset;
        private OpenRange open;
        private long latestReadReceivedAt = Long.MIN_VALUE;
        private long watermark = Long.MIN_VALUE;

        private PartitionState(TopicPartition partition, long nextOffset, int topicPartitions)
        {
            this.partition = partition;
            this.nextOffset = nextOffset;
            this.topicPartitions = topicPartitions;
        }
    }
}
