package io.hotellambda.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real redis-server 6.2 (the binary embedded-redis ships) as a supervised child on 127.0.0.1.
 * {@code durable=true} keeps an append-only file under its directory, so counters survive a
 * restart of the quickstart; tests run without persistence.
 */
public final class RedisServer
        implements AutoCloseable
{
    private final int port;
    private final Path directory;
    private final List<String> command;
    private ChildProcess process;

    private RedisServer(int port, Path directory, List<String> command)
    {
        this.port = port;
        this.directory = directory;
        this.command = List.copyOf(command);
    }

    public static RedisServer start(Path directory, Path binaryCache, int port, boolean durable)
    {
        return start(directory, binaryCache, port, durable, List.of());
    }

    /**
     * A node for a Redis Cluster ({@link RedisCluster} forms it): cluster mode on, its node
     * configuration and (durable) append-only file under {@code directory}, so a restarted node
     * rejoins with its slots and its keys.
     */
    public static RedisServer startClusterNode(Path directory, Path binaryCache, int port)
    {
        return start(directory, binaryCache, port, true, List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", "2000", "--appendfsync", "always"));
    }

    private static RedisServer start(Path directory, Path binaryCache, int port, boolean durable, List<String> extra)
    {
        Binaries.requireLinuxAmd64();
        Path binary = Binaries.installExecutable("redis-server-6.2.6-v5-linux-amd64", binaryCache, "redis-server");
        try {
            Files.createDirectories(directory);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--protected-mode", "yes",
                "--daemonize", "no",
                "--dir", directory.toString(),
                "--save", "",
                "--appendonly", durable ? "yes" : "no"));
        command.addAll(extra);
        RedisServer server = new RedisServer(port, directory, command);
        server.launch();
        return server;
    }

    private synchronized void launch()
    {
        process = ChildProcess.start("redis", "redis-server", command, directory, Map.of(), directory.resolve("redis.log"), directory.resolve("redis.pid"), "TERM");
        process.awaitReady("answer PING on port " + port, Duration.ofSeconds(30), this::ping);
    }

    /** Stops the server (what it holds stays only if it is durable): {@link #restart()} starts it again on the same port. */
    public synchronized void stop()
    {
        if (process != null) {
            process.stop(Duration.ofSeconds(15));
            process = null;
        }
    }

    /** Starts the stopped server again. */
    public synchronized void restart()
    {
        if (process == null) {
            launch();
        }
    }

    /** PING over the Redis protocol; true on +PONG. */
    public boolean ping()
    {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        }
        catch (IOException e) {
            return false;
        }
    }

    public int port()
    {
        return port;
    }

    public String uri()
    {
        return "redis://127.0.0.1:" + port;
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
