package io.hotellambda.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server process the local stack starts and owns. It never outlives its launcher:
 * <ul>
 *   <li>its pid is written to a pid file, and a later launcher kills a stale one before it starts
 *       (checking the process's command line, so a reused pid is left alone);</li>
 *   <li>a watchdog shell sends the stop signal when the launcher JVM dies, even by {@code kill -9};</li>
 *   <li>it runs in its own session, so Ctrl-C reaches only the launcher, which stops children in order.</li>
 * </ul>
 */
public final class ChildProcess
        implements AutoCloseable
{
    private static final String WATCHDOG = """
            parent=$1; child=$2; signal=$3
            alive() { [ -e /proc/$1 ] && ! grep -q '^State:[[:space:]]*Z' /proc/$1/status 2>/dev/null; }
            while alive "$parent" && alive "$child"; do sleep 0.5; done
            if alive "$child"; then
              kill -"$signal" "$child" 2>/dev/null
              for i in $(seq 1 40); do alive "$child" || exit 0; sleep 0.25; done
              kill -KILL "$child" 2>/dev/null
            fi
            """;

    private final String name;
    private final Process process;
    private final Process watchdog;
    private final Path pidFile;
    private final String stopSignal;
    private final Path logFile;

    private ChildProcess(String name, Process process, Process watchdog, Path pidFile, String stopSignal, Path logFile)
    {
        this.name = name;
        this.process = process;
        this.watchdog = watchdog;
        this.pidFile = pidFile;
        this.stopSignal = stopSignal;
        this.logFile = logFile;
    }

    /**
     * Starts {@code command}, its output appended to {@code logFile}. {@code program} is the file
     * name of the executable the process ends up running (its identity for stale-pid checks);
     * {@code stopSignal} shuts it down cleanly (PostgreSQL: INT for a fast shutdown; Redis: TERM).
     */
    public static ChildProcess start(String name, String program, List<String> command, Path workDirectory, Map<String, String> environment, Path logFile, Path pidFile, String stopSignal)
    {
        killStale(pidFile, program);
        List<String> sessionCommand = new ArrayList<>();
        sessionCommand.add("setsid");
        sessionCommand.addAll(command);
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(pidFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(sessionCommand)
                    .directory(workDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            Process process = builder.start();
            Files.writeString(pidFile, process.pid() + "\n" + String.join(" ", command) + "\n");
            Process watchdog = new ProcessBuilder("setsid", "bash", "-c", WATCHDOG, "watchdog-" + name,
                    Long.toString(ProcessHandle.current().pid()), Long.toString(process.pid()), stopSignal)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new ChildProcess(name, process, watchdog, pidFile, stopSignal, logFile);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot start %s: %s".formatted(name, command), e);
        }
    }

    /** {@code java} from this JVM's own installation, with options, classpath, main class and arguments. */
    public static List<String> javaCommand(List<String> jvmOptions, String classpath, String mainClass, List<String> arguments)
    {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }

    /**
     * Kills the process a pid file names if it is still running the same program: what a launcher
     * killed with {@code kill -9} (and a watchdog that did not get to run) left behind.
     */
    public static boolean killStale(Path pidFile, String program)
    {
        if (!Files.exists(pidFile)) {
            return false;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            Optional<ProcessHandle> stale = ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(handle -> commandLine(pid).contains(program));
            Files.deleteIfExists(pidFile);
            if (stale.isEmpty()) {
                return false;
            }
            System.err.printf("stopping stale %s (pid %s) left by an earlier run%n", program, pid);
            stale.get().destroy();
            if (!stale.get().onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join().isAlive()) {
                return true;
            }
            stale.get().destroyForcibly();
            stale.get().onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
            return true;
        }
        catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read pid file %s: %s".formatted(pidFile, e.getMessage()), e);
        }
    }

    private static String commandLine(long pid)
    {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        }
        catch (IOException e) {
            return "";
        }
    }

    public long pid()
    {
        return process.pid();
    }

    public boolean isAlive()
    {
        return process.isAlive();
    }

    /** The exit code once the process has ended. */
    public OptionalInt exitCode()
    {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    public String name()
    {
        return name;
    }

    /**
     * Freezes the process ({@code SIGSTOP}) until {@link #resume}: its sockets stay open and
     * nothing answers, as with a server stuck in a long pause. For fault tests.
     */
    public void pause()
    {
        signal("STOP");
    }

    public void resume()
    {
        signal("CONT");
    }

    /**
     * Kills the process ({@code SIGKILL}, what {@link #stop} falls back to: no shutdown hook runs,
     * as with a crash or the OOM killer) and waits for it to be gone; its pid file stays, as a
     * crash leaves it. For fault tests.
     */
    public void kill()
    {
        try {
            if (!process.destroyForcibly().waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " still runs 10 s after SIGKILL");
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name + " to die", e);
        }
    }

    /** As {@link #pause}, for a server of several processes (PostgreSQL's backends): the process and all its descendants. */
    public void pauseTree()
    {
        process.descendants().forEach(child -> signal("STOP", child.pid()));
        signal("STOP");
    }

    public void resumeTree()
    {
        signal("CONT");
        process.descendants().forEach(child -> signal("CONT", child.pid()));
    }

    public Path logFile()
    {
        return logFile;
    }

    /** Its first line is the pid: {@code kill -TERM $(head -1 <pid file>)} stops the process cleanly. */
    public Path pidFile()
    {
        return pidFile;
    }

    /** The last lines of the log, for error messages when the process fails to start. */
    public String logTail()
    {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }
        catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Polls {@code ready} until it holds; fails with the log's tail if the process exits, and
     * stops the process if it is not ready within {@code timeout}.
     */
    public void awaitReady(String what, Duration timeout, BooleanSupplier ready)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("%s exited during start-up:\n%s".formatted(name, logTail()));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            Pause.millis(50);
        }
        stop(Duration.ofSeconds(10));
        throw new IllegalStateException("%s did not %s within %s; see %s".formatted(name, what, timeout, logFile));
    }

    /** Waits for a process that runs to completion; returns its exit code. One still running after {@code timeout} is stopped, and that is an error. */
    public int awaitExit(Duration timeout)
    {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(Duration.ofSeconds(10));
                throw new IllegalStateException("%s did not finish within %s; see %s".formatted(name, timeout, logFile));
            }
            stop(Duration.ZERO);
            return process.exitValue();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(Duration.ofSeconds(10));
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    /** Sends the clean-stop signal, waits up to {@code timeout}, then kills. */
    public void stop(Duration timeout)
    {
        if (process.isAlive()) {
            signal(stopSignal);
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.err.printf("%s did not stop within %s; killing it%n", name, timeout);
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        watchdog.destroyForcibly();
        try {
            Files.deleteIfExists(pidFile);
        }
        catch (IOException e) {
            // the pid file names a process that is gone: killStale ignores it
        }
    }

    private void signal(String signal)
    {
        signal(signal, process.pid());
    }

    private void signal(String signal, long pid)
    {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor(5, TimeUnit.SECONDS);
        }
        catch (IOException e) {
            process.destroy();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close()
    {
        stop(Duration.ofSeconds(30));
    }
}
