package io.hotellambda.booking;

import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.TestingClock;
import io.hotellambda.infra.TestingLocalStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static io.hotellambda.booking.TestReservations.START;
import static io.hotellambda.booking.TestReservations.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * booking-app's {@code /metrics}: requests by route template and status with the latency
 * histogram, reservations by state, the hold sweeper's lag (on a clock moved past a hold's expiry,
 * with a sweeper that does not run in the test's time), idempotency keys, and a consumer group's
 * lag read from Kafka.
 */
@ExtendWith(TestingLocalStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestMetrics
{
    private final TestingClock clock = new TestingClock(START);
    private LocalStack stack;
    private TestingBookingApp booking;
    private TestingReservations api;

    @BeforeAll
    void start(LocalStack stack)
    {
        this.stack = stack;
        booking = new TestingBookingApp(stack, clock, Duration.ofHours(1));
        api = new TestingReservations(booking);
    }

    @AfterAll
    void stop()
    {
        booking.close();
    }

    @Test
    void requestsReservationsTheSweepersLagKeysAndConsumerLagAreExported()
            throws Exception
    {
        long hotel = api.hotel("Metered Manor");
        long roomType = api.roomType(hotel, 5, 100);
        String guest = api.guest();
        api.reserve(guest, hotel, roomType, TODAY.plusDays(3), TODAY.plusDays(4), 1);
        api.reserve(guest, hotel, roomType, TODAY.plusDays(5), TODAY.plusDays(6), 1);
        booking.get("/v1/hotels/" + hotel, Map.of());
        booking.get("/no/such/path/" + hotel, Map.of());
        booking.get("/v1/hotels/abc", Map.of());

        Map<String, Double> before = scrape();
        assertThat(before).containsEntry("booking_reservations{status=\"held\"}", 2.0).containsEntry("booking_reservations{status=\"confirmed\"}", 0.0)
                .containsEntry("booking_hold_sweeper_lag_seconds", 0.0);
        assertThat(before.get("booking_idempotency_keys")).isGreaterThanOrEqualTo(2.0);
        assertThat(before.get("http_server_requests_seconds_count{method=\"GET\",status=\"200\",uri=\"/v1/hotels/{id}\"}")).isEqualTo(1.0);
        assertThat(before.get("http_server_requests_seconds_count{method=\"POST\",status=\"201\",uri=\"/v1/reservations\"}")).isEqualTo(2.0);
        assertThat(before.get("http_server_requests_seconds_count{method=\"GET\",status=\"400\",uri=\"/v1/hotels/{id}\"}")).isEqualTo(1.0);
        // a path no route has is one series, whatever the path
        assertThat(before.get("http_server_requests_seconds_count{method=\"GET\",status=\"404\",uri=\"NOT_FOUND\"}")).isEqualTo(1.0);
        assertThat(before.keySet()).noneMatch(series -> series.contains("/no/such/path"));
        assertThat(before.get("http_server_requests_seconds_bucket{method=\"GET\",status=\"200\",uri=\"/v1/hotels/{id}\",le=\"0.25\"}")).isNotNull();

        // the holds expire after 10 minutes; 15 minutes on, with the sweeper an hour away, the oldest waits 5 minutes
        clock.advance(Duration.ofMinutes(15));
        assertThat(scrape()).containsEntry("booking_hold_sweeper_lag_seconds", 300.0);

        // a topic of 5 records in 2 partitions, and a group that committed offset 0 on both: it lags by all 5
        String topic = "metrics_lag_" + System.nanoTime();
        produce(topic, 2, 5);
        commitZero("metrics-test-group", topic, 2);
        Map<String, Double> after = scrape();
        Map<String, Double> lags = after.entrySet().stream().filter(entry -> entry.getKey().startsWith("kafka_consumer_group_lag{")
                && entry.getKey().contains("group=\"metrics-test-group\"")).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(lags).hasSize(2);
        assertThat(lags.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(5.0);
    }

    /** The metrics as series (name and labels) to value. */
    private Map<String, Double> scrape()
    {
        TestingBookingApp.Response response = booking.get("/metrics", Map.of());
        assertThat(response.status()).isEqualTo(200);
        return response.body().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .collect(Collectors.toMap(line -> line.substring(0, line.lastIndexOf(' ')), line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)),
                        (first, second) -> first));
    }

    private void produce(String topic, int partitions, int records)
            throws Exception
    {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", stack.kafka().bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, null, ("record " + i).getBytes())).get();
            }
        }
    }

    /** Commits offset 0 for {@code group} on every partition of {@code topic}. */
    private void commitZero(String group, String topic, int partitions)
    {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
            for (int partition = 0; partition < partitions; partition++) {
                zero.put(new TopicPartition(topic, partition), new OffsetAndMetadata(0));
            }
            consumer.commitSync(zero);
        }
    }
}
