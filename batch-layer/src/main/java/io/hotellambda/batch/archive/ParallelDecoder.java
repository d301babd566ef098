package io.hotellambda.batch.archive;

import io.hotellambda.schemas.EventCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decodes a poll's records ({@link RawRecord#of}) on two threads: the calling thread and a helper
 * each take the next chunk of records nobody has taken until none is left.
 */
final class ParallelDecoder
        implements AutoCloseable
{
    static final int CHUNK = 500;

    private final EventCodec callerCodec = new EventCodec();
    private final EventCodec helperCodec = new EventCodec();
    private final ExecutorService helper = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "archiver-decoder");
        thread.setDaemon(true);
        return thread;
    });

    /** Every record as {@link RawRecord}, in the order given. */
    RawRecord[] decode(List<ConsumerRecord<byte[], byte[]>> records)
    {
        int chunks = (records.size() + CHUNK - 1) / CHUNK;
        Batch batch = new Batch(records, chunks);
        if (chunks > 1) {
            helper.execute(() -> batch.decodeUnclaimed(helperCodec));
        }
        batch.decodeUnclaimed(callerCodec);
        for (int chunk = 0; chunk < chunks; chunk++) {
            batch.await(chunk);
        }
        batch.throwFailure();
        return batch.decoded;
    }

    @Override
    public void close()
    {
        helper.shutdownNow();
    }

    private static final class Batch
    {
        private final List<ConsumerRecord<byte[], byte[]>> records;
        private final RawRecord[] decoded;
        private final AtomicInteger nextUnclaimed = new AtomicInteger();
        private final CountDownLatch[] done;
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

        private Batch(List<ConsumerRecord<byte[], byte[]>> records, int chunks)
        {
            this.records = records;
            this.decoded = new RawRecord[records.size()];
            this.done = new CountDownLatch[chunks];
            for (int chunk = 0; chunk < chunks; chunk++) {
                done[chunk] = new CountDownLatch(1);
            }
        }

        void decodeUnclaimed(EventCodec codec)
        {
            while (decodeNext(codec)) {
                // until every chunk is claimed
            }
        }

        /** Claims the next chunk nobody has claimed and decodes it; false when there is none. */
        boolean decodeNext(EventCodec codec)
        {
            int chunk = nextUnclaimed.getAndIncrement();
            if (chunk >= done.length) {
                return false;
            }
            try {
                for (int i = chunk * CHUNK; i < Math.min(records.size(), (chunk + 1) * CHUNK); i++) {
                    decoded[i] = RawRecord.of(records.get(i), codec);
                }
            }
            catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
            finally {
                // the latch publishes the chunk's records to the thread that awaits it
                done[chunk].countDown();
            }
            return true;
        }

        void throwFailure()
        {
            if (failure.get() != null) {
                throw failure.get();
            }
        }

        void await(int chunk)
        {
            try {
                done[chunk].await();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while decoding", e);
            }
        }
    }
}
