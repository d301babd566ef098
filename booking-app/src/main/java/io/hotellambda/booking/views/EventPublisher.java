package io.hotellambda.booking.views;

import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.EventType;
import io.hotellambda.schemas.PlatformEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Produces events to their topics, keyed by {@link PlatformEvent#partitionKey()}, with an
 * idempotent producer and {@code acks=all}. The returned future completes only when Kafka has
 * acknowledged every event, and fails within the produce timeout when Kafka is away: it never
 * hangs. The producer reconnects by itself when Kafka comes back. It remembers how its latest
 * send ended, so {@code /health} can say Kafka is not taking events while nothing else shows it.
 */
public final class EventPublisher
        implements AutoCloseable
{
    /** Events waiting to be handed to the producer for callers that do not wait; past this, a send is refused (and reported). */
    static final int UNWAITED_QUEUE = 10_000;

    private final Producer<String, byte[]> producer;
    private final EventCodec codec;
    private final Duration timeout;
    private final Clock clock;
    private final AtomicReference<Outcome> latest = new AtomicReference<>();
    private final ThreadPoolExecutor unwaited = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(UNWAITED_QUEUE), runnable -> {
        Thread thread = new Thread(runnable, "unwaited-events");
        thread.setDaemon(true);
        return thread;
    });

    /** How a send ended: {@code error} null when Kafka acknowledged every event. */
    public record Outcome(Instant at, Throwable error) {}

    public EventPublisher(Producer<String, byte[]> producer, EventCodec codec, Duration timeout, Clock clock)
    {
        this.producer = producer;
        this.codec = codec;
        this.timeout = timeout;
        this.clock = clock;
    }

    public static Producer<String, byte[]> kafkaProducer(String bootstrapServers, Duration timeout)
    {
        // delivery.timeout.ms bounds how long a record may wait for an absent broker; it must
        // cover linger.ms + request.timeout.ms, hence the request timeout of 3/4 of it.
        long deliveryMillis = timeout.toMillis();
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryMillis,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (deliveryMillis * 3 / 4),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryMillis / 2,
                ProducerConfig.CLIENT_ID_CONFIG, "booking-app"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Completes when every event is acknowledged; fails on the first failure or the timeout. */
    public CompletableFuture<Void> publish(List<? extends PlatformEvent> events)
    {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        AtomicInteger pending = new AtomicInteger(events.size());
        for (PlatformEvent event : events) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(EventType.of(event).topic(), event.partitionKey(), codec.encode(event));
            try {
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        acknowledged.completeExceptionally(error);
                    }
                    else if (pending.decrementAndGet() == 0) {
                        acknowledged.complete(null);
                    }
                });
            }
            catch (RuntimeException e) {
                // metadata unavailable within max.block.ms, or the producer is closed: stop here
                acknowledged.completeExceptionally(e);
                break;
            }
        }
        if (events.isEmpty()) {
            acknowledged.complete(null);
        }
        // a safety net over delivery.timeout.ms, so no caller waits forever
        CompletableFuture<Void> result = acknowledged.orTimeout(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        // remembered beside the caller's future, not in it: the caller sees Kafka's own error
        result.whenComplete((ignored, error) -> latest.set(new Outcome(clock.instant(), error)));
        return result;
    }

    /** The latest send's failure, while no send has succeeded since; empty before any send. */
    public Optional<Outcome> failing()
    {
        return Optional.ofNullable(latest.get()).filter(outcome -> outcome.error() != null);
    }

    /**
     * For a caller that must not wait for Kafka at all (a page read, a search): the events are
     * handed to the producer on a thread of its own, since even an unacknowledged send can block
     * the caller for up to {@code max.block.ms} while the producer looks for a topic's partitions
     * with Kafka away. {@code onFailure} gets the error of a send Kafka did not confirm in time, or
     * of one refused because {@link #UNWAITED_QUEUE} others were waiting; callers count and log
     * it, so nothing is lost in silence.
     */
    public void publishUnwaited(List<? extends PlatformEvent> events, Consumer<Throwable> onFailure)
    {
        try {
            unwaited.execute(() -> publish(events).whenComplete((ignored, error) -> {
                if (error != null) {
                    onFailure.accept(error);
                }
            }));
        }
        catch (RejectedExecutionException e) {
            onFailure.accept(e);
        }
    }

    @Override
    public void close()
    {
        unwaited.shutdown();
        try {
            unwaited.awaitTermination(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
