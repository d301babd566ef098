package io.hotellambda.notifier;

import io.hotellambda.config.Settings;
import io.hotellambda.metrics.MetricsEndpoint;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -cp ... io.hotellambda.notifier.Main [settings.properties]}; environment
 * ({@code NOTIFIER_*}) overrides the file. Exits 1 when the loop fails: its supervisor restarts it,
 * and the committed offsets and the ledger make the restart send nothing twice.
 */
public final class Main
{
    private Main() {}

    public static void main(String[] args)
            throws InterruptedException
    {
        Optional<Path> file = args.length > 0 ? Optional.of(Path.of(args[0])) : Optional.empty();
        Settings settings = Settings.load(NotifierConfig.ENV_PREFIX, file, System.getenv());
        NotifierConfig config = NotifierConfig.load(settings);
        MetricsEndpoint.Address metricsAddress = MetricsEndpoint.Address.load(settings, 19402);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MetricsEndpoint endpoint = metricsAddress.port() < 0 ? null : MetricsEndpoint.start(metricsAddress.host(), metricsAddress.port(), metrics::scrape);
        KafkaConsumer<String, byte[]> consumer = consumer(config);
        KafkaProducer<String, byte[]> deadLetters = deadLetterProducer(config);
        Notifier notifier = new Notifier(config, consumer, deadLetters, Clock.systemUTC(), metrics);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            notifier.stop();
            try {
                done.await();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "notifier-shutdown"));
        System.out.printf("notifier: %s -> smtp://%s:%s as group %s; metrics on %s%n", config.kafkaBootstrapServers(), config.smtpHost(), config.smtpPort(), config.groupId(),
                endpoint == null ? "none" : "http://%s:%s/metrics".formatted(metricsAddress.host(), endpoint.port()));
        int status = 0;
        try {
            notifier.run();
        }
        catch (RuntimeException e) {
            e.printStackTrace();
            status = 1;
        }
        finally {
            notifier.close();
            consumer.close();
            deadLetters.close();
            if (endpoint != null) {
                endpoint.close();
            }
            done.countDown();
        }
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The group's consumer: offsets committed by hand, only what committed transactions wrote, from the start for a new group. */
    public static KafkaConsumer<String, byte[]> consumer(NotifierConfig config)
    {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100,
                // an SMTP outage holds a record for as long as it lasts: stay in the group meanwhile
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(30).toMillis()),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    public static KafkaProducer<String, byte[]> deadLetterProducer(NotifierConfig config)
    {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer());
    }
}
