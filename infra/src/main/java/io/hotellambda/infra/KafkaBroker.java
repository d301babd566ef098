package io.hotellambda.infra;

import io.hotellambda.schemas.Topics;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka 3.9 broker in KRaft combined mode (broker and controller, one node) inside this
 * JVM, on 127.0.0.1. It can be stopped and started again on the same port and log directory,
 * which is how tests take Kafka away from a producer and give it back.
 */
public final class KafkaBroker
        implements AutoCloseable
{
    private static final int NODE_ID = 1;

    private final Path logDirectory;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    private KafkaBroker(Path logDirectory, int port, int controllerPort)
    {
        this.logDirectory = logDirectory;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Formats {@code directory} on first use, starts the broker, and creates the platform's topics. */
    public static KafkaBroker start(Path directory, int port, int controllerPort)
    {
        KafkaBroker broker = new KafkaBroker(directory.resolve("log"), port, controllerPort);
        broker.format();
        broker.startServer();
        broker.createTopics(Topics.ALL, Topics.DEFAULT_PARTITIONS);
        return broker;
    }

    private void format()
    {
        if (Files.exists(logDirectory.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDirectory);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(logDirectory.toString())
                    .setMetadataLogDirectory(logDirectory.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        }
        catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDirectory, e);
        }
    }

    private KafkaConfig config()
    {
        Properties properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", Integer.toString(NODE_ID));
        properties.put("controller.quorum.voters", "%s@127.0.0.1:%s".formatted(NODE_ID, controllerPort));
        properties.put("listeners", "PLAINTEXT://127.0.0.1:%s,CONTROLLER://127.0.0.1:%s".formatted(port, controllerPort));
        properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("log.dirs", logDirectory.toString());
        // one node: every internal topic has one replica
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "6");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("transaction.state.log.num.partitions", "6");
        properties.put("group.initial.rebalance.delay.ms", "0");
        // a misspelt topic is an error, not a new topic
        properties.put("auto.create.topics.enable", "false");
        properties.put("num.partitions", Integer.toString(Topics.DEFAULT_PARTITIONS));
        // a one-node development broker on a small machine: Kafka's defaults (3 network and
        // 8 I/O threads) only add context switches there (measured: docs/benchmarks.md)
        properties.put("num.network.threads", "2");
        properties.put("num.io.threads", "2");
        return new KafkaConfig(properties, false);
    }

    private synchronized void startServer()
    {
        if (server != null) {
            return;
        }
        server = new KafkaRaftServer(config(), Time.SYSTEM);
        server.startup();
        awaitReady(Duration.ofSeconds(60));
    }

    private void awaitReady(Duration timeout)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                    Pause.millis(100);
                }
                catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka broker on port %s not ready within %s".formatted(port, timeout), e);
                    }
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are. */
    public void createTopics(List<String> topics, int partitions)
    {
        try (Admin admin = admin()) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
                }
                catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic, e.getCause());
                    }
                }
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out creating topics " + topics, e);
        }
    }

    public Admin admin()
    {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    public String bootstrapServers()
    {
        return "127.0.0.1:" + port;
    }

    public int port()
    {
        return port;
    }

    /** Stops the broker, keeping its data: {@link #restart()} brings back the same cluster. */
    public synchronized void stop()
    {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    public synchronized void restart()
    {
        startServer();
    }

    @Override
    public void close()
    {
        stop();
    }
}
