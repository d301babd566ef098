package io.hotellambda.batch.archive;

import io.hotellambda.infra.LocalStack;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.HotelViewed;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Views keyed by hotel sent to a topic at about 500 a second on a thread of its own, each one
 * Kafka acknowledged recorded: what an archiver under faults must end up holding exactly once.
 */
public final class ViewTraffic
        implements AutoCloseable
{
    /** A record Kafka acknowledged, or one an archive holds. */
    public record Sent(int partition, long offset, String eventId)
    {
        public static final Comparator<Sent> ORDER = Comparator.comparingInt(Sent::partition).thenComparingLong(Sent::offset);
    }

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean running = true;

    private ViewTraffic(KafkaProducer<byte[], byte[]> producer, String topic)
    {
        this.producer = producer;
        this.topic = topic;
        this.thread = new Thread(this::send, "traffic");
    }

    public static ViewTraffic start(LocalStack stack, String topic)
    {
        ViewTraffic traffic = new ViewTraffic(new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                // a minute of Kafka frozen: what was sent meanwhile is delivered after it, not expired
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000), new ByteArraySerializer(), new ByteArraySerializer()), topic);
        traffic.thread.start();
        return traffic;
    }

    private void send()
    {
        EventCodec codec = new EventCodec();
        Random random = new Random(7);
        long i = 0;
        while (running) {
            for (int n = 0; n < 50; n++, i++) {
                long hotel = 1 + random.nextInt(60);
                HotelViewed view = new HotelViewed(new UUID(i, random.nextLong()), Instant.now(), null, hotel, "viewer-" + random.nextInt(900), "NL", "desktop");
                String id = view.eventId().toString();
                producer.send(new ProducerRecord<>(topic, Long.toString(hotel).getBytes(StandardCharsets.UTF_8), codec.encode(view)), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                    else {
                        sent.add(new Sent(metadata.partition(), metadata.offset(), id));
                    }
                });
            }
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Records acknowledged so far. */
    public long sent()
    {
        return sent.size();
    }

    /** Stops sending; every record sent, once Kafka acknowledged all of them, in partition and offset order. */
    public List<Sent> stop()
            throws InterruptedException
    {
        halt();
        producer.flush();
        assertThat(failure.get()).as("every record was acknowledged").isNull();
        return new ArrayList<>(sent).stream().sorted(Sent.ORDER).toList();
    }

    /** What {@code store} holds of {@code topic}, in partition and offset order. */
    public static List<Sent> archived(ArchiveStore store, String topic)
            throws IOException
    {
        return TestingArchive.read(store.layout(), topic).stream().map(row -> new Sent(row.partition(), row.offset(), row.eventId()))
                .sorted(Sent.ORDER).toList();
    }

    @Override
    public void close()
            throws InterruptedException
    {
        halt();
        producer.close(Duration.ofSeconds(30));
    }

    private void halt()
            throws InterruptedException
    {
        running = false;
        thread.join(30_000);
    }
}
