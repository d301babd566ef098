package io.hotellambda.batch.hive;

import io.hotellambda.batch.BatchConfig;
import org.apache.derby.drda.NetworkServerControl;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The local metastore's database: Derby's network server on 127.0.0.1, so the nightly jobs and
 * the Thrift server (separate JVMs) share one metastore. Its files live under {@code directory}.
 */
public final class MetastoreDatabase
        implements AutoCloseable
{
    private final NetworkServerControl server;
    private final PrintWriter log;
    private final int port;

    private MetastoreDatabase(NetworkServerControl server, PrintWriter log, int port)
    {
        this.server = server;
        this.log = log;
        this.port = port;
    }

    /**
     * The local metastore database: the one already answering on {@code port} (started by another
     * batch JVM; empty here), or a new one started in this JVM.
     */
    public static Optional<MetastoreDatabase> ensure(Path directory, int port)
    {
        try (Socket ignored = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            return Optional.empty();
        }
        catch (IOException e) {
            return Optional.of(start(directory, port));
        }
    }

    /** The local metastore database {@code config} names, if it names one; see {@link #ensure}. */
    public static Optional<MetastoreDatabase> ensureLocal(BatchConfig config)
    {
        return config.localMetastorePort().isPresent()
                ? ensure(config.metastoreDirectory(), config.localMetastorePort().getAsInt())
                : Optional.empty();
    }

    public static MetastoreDatabase start(Path directory, int port)
    {
        try {
            Files.createDirectories(directory);
            // Derby reads its home once, when its engine first loads
            System.setProperty("derby.system.home", directory.toAbsolutePath().toString());
            PrintWriter log = new PrintWriter(Files.newBufferedWriter(directory.resolve("derby-server.log"), StandardCharsets.UTF_8), true);
            NetworkServerControl server = new NetworkServerControl(InetAddress.getByName("127.0.0.1"), port);
            server.start(log);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (true) {
                try {
                    server.ping();
                    return new MetastoreDatabase(server, log, port);
                }
                catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the metastore database did not answer on port %s; see %s".formatted(port, directory.resolve("derby-server.log")), e);
                    }
                    Thread.sleep(100);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        catch (Exception e) {
            throw new IllegalStateException("cannot start the metastore database on port " + port, e);
        }
    }

    public static String jdbcUrl(int port)
    {
        return "jdbc:derby://127.0.0.1:%s/metastore;create=true".formatted(port);
    }

    public String jdbcUrl()
    {
        return jdbcUrl(port);
    }

    @Override
    public void close()
    {
        try {
            server.shutdown();
        }
        catch (Exception e) {
            // already stopped
        }
        log.close();
    }
}
