package io.hotellambda.batch.archive;

import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
    private static final Logger log = LoggerFactory.getLogger(Archiver.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration WATERMARK_INTERVAL = Duration.ofSeconds(1);
    private static final Future<?> DONE = CompletableFuture.completedFuture(null);

    private final ArchiverConfig config;
    private final Consumer<byte[], byte[]> consumer;
    private final ArchiveStore store;
    private final Configuration hadoop;
    private final PublishHook hook;
    private final PublishListener listener;
    private final Clock clock;
    private final ParallelDecoder decoder = new ParallelDecoder();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "archiver-writer");
        thread.setDaemon(true);
        return thread;
    });
    /** The batch the writer is appending; done when it has none. */
    private Future<?> writing = DONE;
    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
    private volatile boolean running = true;
    private volatile long archived;
    private volatile long commitFailures;
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

    /**
     * Archives until {@link #stop()}; then publishes what it holds. A failure propagates with nothing published half-way.
     * <p>
     * A pipeline of three threads on each poll's records: this one polls and decodes them (with
     * the decoder's helper), then hands them to the writer, which appends them (and publishes the
     * ranges they fill) while this one polls and decodes the next. What follows a batch (ranges
     * closed by age, offsets committed, watermarks) waits for the writer to finish it, and uses the
     * positions and lags read when it was polled, so that nothing polled but not yet appended is
     * covered by a range or passed by a watermark; a rebalance waits for the writer too.
     */
    public void run()
    {
        consumer.subscribe(config.topics(), new Rebalance());
        Polled appending = null;
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                List<ConsumerRecord<byte[], byte[]>> list = new ArrayList<>(records.count());
                records.forEach(list::add);
                Polled polled = new Polled(list, decoder.decode(list), readPositions(), clock.instant());
                awaitWriter();
                if (appending != null) {
                    afterBatch(appending);
                }
                appending = polled;
                writing = writer.submit(() -> polled.appendAll(this));
            }
        }
        catch (WakeupException e) {
            if (running) {
                throw e;
            }
        }
        awaitWriter();
        if (appending != null) {
            afterBatch(appending);
        }
        for (PartitionState state : partitions.values()) {
            publish(state);
        }
        commitPublished();
        // as of the last batch written: a stop can come after a poll whose records were never handed to the writer
        if (appending == null) {
            updateWatermarks(true, readPositions(), clock.instant());
        }
        else {
            updateWatermarks(true, appending.read(), appending.polledAt());
        }
    }

    /**
     * After the writer appended a batch: ranges closed by age, offsets committed, watermarks, as
     * of when it was polled; not for a partition assigned since (its state is new, and reads
     * again from what is published).
     */
    private void afterBatch(Polled batch)
    {
        for (PartitionState state : partitions.values()) {
            Read read = batch.read().get(state);
            if (read != null) {
                closeAged(state, read.position());
            }
        }
        commitPublished();
        updateWatermarks(false, batch.read(), batch.polledAt());
    }

    /** Where each assigned partition's reading stands: its position (the next offset to read) and lag, by its state. */
    private Map<PartitionState, Read> readPositions()
    {
        Map<PartitionState, Read> read = new IdentityHashMap<>();
        for (PartitionState state : partitions.values()) {
            read.put(state, new Read(consumer.position(state.partition), consumer.currentLag(state.partition)));
        }
        return read;
    }

    /** Waits for the writer to finish the batch it has; its failure is this thread's, once. */
    private void awaitWriter()
    {
        Future<?> batch = writing;
        writing = DONE;
        try {
            batch.get();
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the archive writer", e);
        }
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

    /** Offset commits Kafka refused or did not answer in time (each retried with the next batch's). */
    public long commitFailures()
    {
        return commitFailures;
    }

    private void append(ConsumerRecord<byte[], byte[]> record, RawRecord raw)
    {
        PartitionState state = partitions.get(new TopicPartition(record.topic(), record.partition()));
        if (state.open == null) {
            state.open = new OpenRange(store.layout(), hadoop, record.topic(), record.partition(), state.nextOffset, System.nanoTime());
        }
        state.open.append(raw);
        hook.at(PublishStep.RECORD_APPENDED);
        state.latestReadReceivedAt = Math.max(state.latestReadReceivedAt, raw.receivedAt());
        if (state.open.records() >= config.maxRecords() || state.open.receivedAtSpanMillis() >= config.maxSpan().toMillis()) {
            publish(state);
        }
    }

    private void closeAged(PartitionState state, long position)
    {
        if (state.open == null) {
            return;
        }
        state.open.coverUpTo(position);
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

    /**
     * Commits the published offsets to Kafka, for lag monitoring. A commit Kafka refuses or does
     * not answer in time (a broker frozen for a minute, a rebalance under way) loses nothing:
     * reading resumes from the archive, not from these offsets, so the offsets stay to be
     * committed with the next batch's, and the archiver goes on.
     */
    private void commitPublished()
    {
        if (toCommit.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(Map.copyOf(toCommit));
        }
        catch (RetriableException | CommitFailedException | RebalanceInProgressException e) {
            commitFailures++;
            log.warn("offsets of published ranges not committed to Kafka (archiving goes on; they are committed with the next batch's): {}", e.toString());
            return;
        }
        toCommit.clear();
        hook.at(PublishStep.OFFSETS_COMMITTED);
    }

    /**
     * A partition's watermark is the earliest {@code received_at} it may still publish: the oldest
     * record of its open range, or what it will read next, which is at most {@code lateness} older
     * than the newest record read (or than now, when it has read everything Kafka holds).
     */
    private void updateWatermarks(boolean force, Map<PartitionState, Read> read, Instant wallClock)
    {
        long now = System.nanoTime();
        if (!force && now < nextWatermarkNanos) {
            return;
        }
        nextWatermarkNanos = now + WATERMARK_INTERVAL.toNanos();
        for (PartitionState state : partitions.values()) {
            if (!read.containsKey(state)) {
                continue;
            }
            OptionalLong lag = read.get(state).lag();
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
        writer.shutdown();
        try {
            // a failed run may leave the writer mid-batch: let it stop before its ranges are abandoned
            writer.awaitTermination(1, TimeUnit.MINUTES);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (PartitionState state : partitions.values()) {
            if (state.open != null) {
                state.open.abandon();
            }
        }
        partitions.clear();
        decoder.close();
        consumer.close();
    }

    private final class Rebalance
            implements ConsumerRebalanceListener
    {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked)
        {
            awaitWriter();
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
            awaitWriter();
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

    /** How far a partition had been read when a batch was polled. */
    private record Read(long position, OptionalLong lag) {}

    /** One poll's records, decoded, and where reading stood after it. */
    private record Polled(List<ConsumerRecord<byte[], byte[]>> records, RawRecord[] decoded, Map<PartitionState, Read> read, Instant polledAt)
    {
        void appendAll(Archiver archiver)
        {
            for (int i = 0; i < decoded.length; i++) {
                archiver.append(records.get(i), decoded[i]);
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
