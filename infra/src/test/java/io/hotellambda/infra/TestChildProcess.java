package io.hotellambda.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TestChildProcess
{
    @Test
    void childDiesWhenItsLauncherIsKilledWithSignalNine(@TempDir Path directory)
            throws Exception
    {
        Process launcher = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                TestingChildLauncher.class.getName(), directory.toString())
                .redirectErrorStream(true)
                .start();
        long childPid;
        try (BufferedReader output = new BufferedReader(new InputStreamReader(launcher.getInputStream()))) {
            String line = output.readLine();
            assertThat(line).startsWith("child ");
            childPid = Long.parseLong(line.substring("child ".length()));
        }
        assertThat(ProcessHandle.of(childPid)).hasValueSatisfying(child -> assertThat(child.isAlive()).isTrue());

        launcher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        assertThat(awaitGone(childPid, Duration.ofSeconds(10))).as("child %s outlived its launcher", childPid).isTrue();
    }

    @Test
    void staleChildNamedByAPidFileIsKilledBeforeANewStart(@TempDir Path directory)
            throws Exception
    {
        Process stale = new ProcessBuilder("sleep", "300").start();
        Path pidFile = directory.resolve("sleep.pid");
        Files.writeString(pidFile, stale.pid() + "\nsleep 300\n");

        assertThat(ChildProcess.killStale(pidFile, "sleep")).isTrue();

        assertThat(stale.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(pidFile).doesNotExist();
    }

    @Test
    void pidFileNamingAnotherProgramKillsNothing(@TempDir Path directory)
            throws Exception
    {
        Process unrelated = new ProcessBuilder("sleep", "300").start();
        try {
            Path pidFile = directory.resolve("redis.pid");
            Files.writeString(pidFile, unrelated.pid() + "\n");

            assertThat(ChildProcess.killStale(pidFile, "redis-server")).isFalse();
            assertThat(unrelated.isAlive()).isTrue();
        }
        finally {
            unrelated.destroyForcibly();
        }
    }

    @Test
    void stopSendsTheCleanStopSignal(@TempDir Path directory)
    {
        ChildProcess child = ChildProcess.start("sleeper", "sleep", List.of("sleep", "300"), directory, Map.of(), directory.resolve("sleep.log"), directory.resolve("sleep.pid"), "TERM");
        assertThat(directory.resolve("sleep.pid")).exists();

        child.stop(Duration.ofSeconds(10));

        assertThat(child.isAlive()).isFalse();
        assertThat(directory.resolve("sleep.pid")).doesNotExist();
    }

    private static boolean awaitGone(long pid, Duration timeout)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                Thread.sleep(100);
                continue;
            }
            return true;
        }
        return false;
    }
}
