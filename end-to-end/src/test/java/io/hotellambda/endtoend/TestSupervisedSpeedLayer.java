package io.hotellambda.endtoend;

import io.hotellambda.infra.ChildProcess;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.Ports;
import io.hotellambda.infra.Service;
import io.hotellambda.infra.Supervisor;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.serving.speed.SpeedFreshness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The speed layer's real main in a JVM of its own, run by the quickstart's {@link Supervisor},
 * watched by the serving layer's {@link SpeedFreshness}: killed with {@code kill -9}, it is
 * reported and started again, and meanwhile the speed view is stale (answers say degraded) within
 * the bound; once the new one beats, it is current again.
 */
@ExtendWith(TestingLocalStack.class)
class TestSupervisedSpeedLayer
{
    private static final String MAIN = "io.hotellambda.speed.Main";
    // an idle query reports progress every 10 s (Spark's noDataProgressEventInterval): a bound above that
    private static final Duration STALE_AFTER = Duration.ofSeconds(15);

    @TempDir
    Path directory;

    @Test
    void aKilledSpeedLayerIsRestartedByItsSupervisorAndItsViewIsStaleMeanwhile(LocalStack stack)
            throws Exception
    {
        int metricsPort = Ports.freePort();
        Map<String, String> settings = Map.of(
                "SPEED_LAYER_KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers(),
                "SPEED_LAYER_KAFKA_STARTING_OFFSETS", "latest",
                "SPEED_LAYER_REDIS_URI", stack.redis().uri(),
                "SPEED_LAYER_CHECKPOINT_LOCATION", directory.resolve("checkpoint").toString(),
                "SPEED_LAYER_METRICS_PORT", Integer.toString(metricsPort));
        Service speedLayer = new Service("speed-layer",
                () -> ChildProcess.start("speed-layer", MAIN, ChildProcess.javaCommand(jvmOptions(), classpath(), MAIN, List.of()),
                        directory, settings, directory.resolve("speed-layer.log"), directory.resolve("speed-layer.pid"), "TERM"),
                Service.healthy("http://127.0.0.1:%s/metrics".formatted(metricsPort)), Duration.ofMinutes(2), Duration.ofSeconds(30));
        List<String> console = new CopyOnWriteArrayList<>();
        // down longer than the bound before its restart, so the stale view can be seen (the quickstart waits 1 s)
        try (Supervisor supervisor = new Supervisor(console::add, STALE_AFTER.plusSeconds(10), Duration.ofMinutes(1));
                UnifiedJedis redis = new UnifiedJedis(URI.create(stack.redis().uri()));
                SpeedFreshness freshness = new SpeedFreshness(redis, Clock.systemUTC(), Duration.ofDays(7), STALE_AFTER, Duration.ofMillis(200))) {
            ChildProcess first = supervisor.start(speedLayer);
            freshness.start();
            await("the first speed layer beats", Duration.ofMinutes(1), () -> !freshness.isStale());

            new ProcessBuilder("kill", "-9", Long.toString(first.pid())).start().waitFor();
            long killed = System.nanoTime();
            await("the view goes stale", STALE_AFTER.plusSeconds(15), freshness::isStale);
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).as("stale within the bound and a read").isLessThan(STALE_AFTER.plusSeconds(2));
            assertThat(freshness.staleBecause()).hasValueSatisfying(reason -> assertThat(reason).contains("heartbeat is"));

            await("the supervisor starts it again", Duration.ofMinutes(2), () -> supervisor.restarts("speed-layer") == 1);
            assertThat(supervisor.process("speed-layer").pid()).isNotEqualTo(first.pid());
            await("the new speed layer beats", Duration.ofMinutes(1), () -> !freshness.isStale());
            assertThat(console).anySatisfy(line -> assertThat(line).startsWith("[supervisor] speed-layer exited with code 137; restarting it in 25 s"));
        }
    }

    /** Spark's module options, as this JVM was started with them. */
    private static List<String> jvmOptions()
    {
        List<String> options = new ArrayList<>(List.of("-Xmx1g"));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(option -> option.startsWith("--add-opens")).forEach(options::add);
        return options;
    }

    /** This test JVM's classpath, which holds the speed layer and its dependencies. */
    private static String classpath()
    {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within %s", what, timeout).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
