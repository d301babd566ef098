package io.hotellambda.infra;

import io.hotellambda.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Kafka 3.9 broker in KRaft combined mode (one node) on 127.0.0.1, running {@link KafkaNode}
 * in a supervised child JVM. It can be stopped and started again on the same port and log
 * directory, which is how tests take Kafka away from a producer and give it back.
 */
public final class KafkaBroker
        implements AutoCloseable
{
    private static final String CLASSPATH_RESOURCE = "kafka-node.classpath";

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private ChildProcess process;

    private KafkaBroker(Path directory, int port, int controllerPort)
    {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Formats {@code directory} on first use, starts the broker, and creates the platform's topics. */
    public static KafkaBroker start(Path directory, int port, int controllerPort)
    {
        KafkaBroker broker = new KafkaBroker(directory, port, controllerPort);
        broker.startNode();
        broker.createTopics(Topics.ALL, Topics.DEFAULT_PARTITIONS);
        return broker;
    }

    private synchronized void startNode()
    {
        if (process != null) {
            return;
        }
        List<String> command = ChildProcess.javaCommand(
                List.of("-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                nodeClasspath(),
                KafkaNode.class.getName(),
                List.of(directory.resolve("log").toString(), Integer.toString(port), Integer.toString(controllerPort)));
        process = ChildProcess.start("kafka", KafkaNode.class.getName(), command, directory, Map.of(),
                directory.resolve("kafka.log"), directory.resolve("kafka.pid"), "TERM");
        process.awaitReady("answer on port " + port, Duration.ofSeconds(90), this::hasBroker);
    }

    /** Infra's own classes plus its runtime dependencies, as the build recorded them. */
    private static String nodeClasspath()
    {
        try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource %s is missing: build infra with Maven".formatted(CLASSPATH_RESOURCE));
            }
            Path ownCode = Path.of(KafkaNode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return ownCode + ":" + new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean hasBroker()
    {
        if (!Ports.isListening(port)) {
            return false;
        }
        try (Admin admin = admin()) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        }
        catch (ExecutionException | TimeoutException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Creates the topics that do not exist yet (existing ones are left as they are) and returns once
     * the broker leads every partition: an idempotent producer that writes to a partition the broker
     * has not loaded yet gets NOT_LEADER, then can retry out of order until its delivery timeout.
     */
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
        catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topics " + topics, e);
        }
        awaitLeaders(topics);
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

    public Path logFile()
    {
        return directory.resolve("kafka.log");
    }

    /** Stops the broker, keeping its data: {@link #restart()} brings back the same cluster. */
    public synchronized void stop()
    {
        if (process == null) {
            return;
        }
        process.stop(Duration.ofSeconds(60));
        process = null;
    }

    /** Starts the stopped broker again and waits until every platform partition has its leader back. */
    public synchronized void restart()
    {
        startNode();
        awaitLeaders(Topics.ALL);
    }

    /**
     * Waits until the broker serves every partition of {@code topics}: a created topic, or one loaded
     * again after a restart, is unknown to the broker's metadata for a moment after the controller has it.
     */
    private void awaitLeaders(List<String> topics)
    {
        process.awaitReady("lead every partition of " + topics, Duration.ofSeconds(60), () -> leadsAll(topics));
    }

    private boolean leadsAll(List<String> topics)
    {
        try (Admin admin = admin()) {
            return admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).values().stream()
                    .flatMap(topic -> topic.partitions().stream())
                    .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
        }
        catch (ExecutionException | TimeoutException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close()
    {
        stop();
    }

    /** Freezes the server ({@code SIGSTOP}): connections stay open and nothing answers, until {@link #resume}. */
    public void pause()
    {
        process.pause();
    }

    public void resume()
    {
        process.resume();
    }
}
