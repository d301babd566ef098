package io.hotellambda.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class TestSupervisor
{
    @Test
    void aKilledServiceIsReportedAndRestartedAndStopAllStopsEveryOneInReverseOrder(@TempDir Path directory)
            throws Exception
    {
        List<String> console = new CopyOnWriteArrayList<>();
        try (Supervisor supervisor = new Supervisor(console::add)) {
            ChildProcess first = supervisor.start(sleeper("first", directory));
            ChildProcess second = supervisor.start(sleeper("second", directory));

            new ProcessBuilder("kill", "-9", Long.toString(second.pid())).start().waitFor();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (supervisor.restarts("second") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }

            assertThat(supervisor.restarts("second")).isEqualTo(1);
            ChildProcess restarted = supervisor.process("second");
            assertThat(restarted.pid()).isNotEqualTo(second.pid());
            assertThat(restarted.isAlive()).isTrue();
            assertThat(first.isAlive()).as("the others are left alone").isTrue();
            assertThat(supervisor.restarts("first")).isZero();
            assertThat(console).anySatisfy(line -> assertThat(line).startsWith("[supervisor] second exited with code 137; restarting it in 1 s"))
                    .anySatisfy(line -> assertThat(line).startsWith("[supervisor] second restarted (pid %s, restart 1)".formatted(restarted.pid())));

            supervisor.close();
            assertThat(first.isAlive()).isFalse();
            assertThat(restarted.isAlive()).isFalse();
            Thread.sleep(1_500);
            assertThat(supervisor.process("second").isAlive()).as("nothing is restarted while stopping").isFalse();
        }
    }

    private static Service sleeper(String name, Path directory)
    {
        return new Service(name,
                () -> ChildProcess.start(name, "sleep", List.of("sleep", "300"), directory, Map.of(), directory.resolve(name + ".log"), directory.resolve(name + ".pid"), "TERM"),
                ChildProcess::isAlive, Duration.ofSeconds(10), Duration.ofSeconds(10));
    }
}
