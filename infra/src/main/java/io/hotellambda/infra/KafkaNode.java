package io.hotellambda.infra;

import io.hotellambda.schemas.Topics;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The Kafka 3.9 KRaft node (broker and controller in one) that {@link KafkaBroker} runs in a JVM
 * of its own: Kafka's Scala 2.13 must not meet Spark's Scala 2.12, so no JVM that runs Spark
 * hosts the broker. Arguments: log directory, client port, controller port. TERM stops it cleanly.
 */
public final class KafkaNode
{
    private static final int NODE_ID = 1;

    private final Path logDirectory;
    private final int port;
    private final int controllerPort;

    private KafkaNode(Path logDirectory, int port, int controllerPort)
    {
        this.logDirectory = logDirectory;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public static void main(String[] args)
    {
        if (args.length != 3) {
            System.err.println("usage: KafkaNode <log directory> <port> <controller port>");
            System.exit(2);
        }
        KafkaNode node = new KafkaNode(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        node.format();
        KafkaRaftServer server = new KafkaRaftServer(node.config(), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, "kafka-node-shutdown"));
        try {
            server.startup();
        }
        catch (RuntimeException e) {
            e.printStackTrace();
            Runtime.getRuntime().halt(1);
        }
        server.awaitShutdown();
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
}
