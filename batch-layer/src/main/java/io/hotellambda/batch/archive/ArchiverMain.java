package io.hotellambda.batch.archive;

import io.hotellambda.batch.BatchConfig;
import io.hotellambda.batch.hive.HivePartitionRegistrar;
import io.hotellambda.config.Settings;
import io.hotellambda.metrics.MetricsEndpoint;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code bin/batch archiver} (and the quickstart): runs the archiver until TERM, then publishes what it holds and exits. */
public final class ArchiverMain
{
    private ArchiverMain() {}

    public static void main(String[] args)
            throws InterruptedException, IOException
    {
        Optional<Path> file = args.length > 0 ? Optional.of(Path.of(args[0])) : Optional.empty();
        // the archive root and the metastore the batch JVMs share (BATCH_ARCHIVE_ROOT, BATCH_METASTORE_*)
        BatchConfig batch = BatchConfig.load(Settings.load(BatchConfig.ENV_PREFIX, Optional.empty(), System.getenv()));
        Settings settings = Settings.load(ArchiverConfig.ENV_PREFIX, file, System.getenv());
        ArchiverConfig config = ArchiverConfig.load(settings, batch.archiveRoot());
        Configuration hadoop = new Configuration();
        // Hadoop closes every file system it cached in a shutdown hook of its own, beside the stop
        // hook below and not after it: on HDFS or S3 the publish and watermarks that follow a TERM
        // failed on a closed file system. The archiver closes its own once it has stopped.
        hadoop.setBoolean("fs.automatic.close", false);
        ArchiveStore store = new ArchiveStore(ArchiveLayout.open(config.archiveRoot(), hadoop));
        HivePartitionRegistrar registrar = new HivePartitionRegistrar(batch.metastore(), store.layout(), Duration.ofSeconds(30));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (String topic : config.topics()) {
            registrar.requeue(topic, List.of(today.minusDays(1), today));
        }
        Archiver archiver = new Archiver(config, consumer(config), store, hadoop, registrar, PublishHook.NONE, Clock.systemUTC());
        MetricsEndpoint.Address metricsAddress = MetricsEndpoint.Address.load(settings, 19401);
        ArchiverMetrics metrics = new ArchiverMetrics(archiver, store, config.topics(), Clock.systemUTC());
        MetricsEndpoint endpoint = metricsAddress.port() < 0 ? null : MetricsEndpoint.start(metricsAddress.host(), metricsAddress.port(), metrics::scrape);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            archiver.stop();
            try {
                main.join(60_000);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "archiver-stop"));
        System.out.printf("archiver: %s -> %s; metrics on %s%n", config.topics(), store.layout().root(),
                endpoint == null ? "none" : "http://%s:%s/metrics".formatted(metricsAddress.host(), endpoint.port()));
        try (registrar; archiver) {
            archiver.run();
        }
        finally {
            if (endpoint != null) {
                endpoint.close();
            }
            store.layout().fileSystem().close();
        }
        System.out.printf("archiver: stopped after archiving %,d records%n", archiver.archived());
    }

    public static KafkaConsumer<byte[], byte[]> consumer(ArchiverConfig config)
    {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
                ConsumerConfig.CLIENT_ID_CONFIG, "archiver",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
