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
    private final ChildProcess process;

    private RedisServer(int port, ChildProcess process)
    {
        this.port = port;
        this.process = process;
    }

    public static RedisServer start(Path directory, Path binaryCache, int port, boolean durable)
    {
        Binaries.requireLinuxAmd64();
        Path binary = Binaries.installExecutable("redis-server-6.2.6-v5-linux-amd64", binaryCache, "redis-server");
        try {
            Files.createDirectories(directory);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = List.of(binary.toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--protected-mode", "yes",
                "--daemonize", "no",
                "--dir", directory.toString(),
                "--save", "",
                "--appendonly", durable ? "yes" : "no");
        ChildProcess process = ChildProcess.start("redis", "redis-server", command, directory, Map.of(), directory.resolve("redis.log"), directory.resolve("redis.pid"), "TERM");
        RedisServer server = new RedisServer(port, process);
        process.awaitReady("answer PING on port " + port, Duration.ofSeconds(30), server::ping);
        return server;
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
        process.stop(Duration.ofSeconds(15));
    }
}
