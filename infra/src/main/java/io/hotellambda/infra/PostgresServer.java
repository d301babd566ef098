package io.hotellambda.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL 16 (zonky's binaries from Maven Central) as a supervised child, listening on
 * 127.0.0.1 only, with trust authentication for the local user {@code postgres}: a development
 * database, never exposed. PostgreSQL refuses to run as root, so as root every binary runs in a
 * fresh user namespace ({@code unshare -U}), where it is an unprivileged user that owns its files.
 */
public final class PostgresServer
        implements AutoCloseable
{
    public static final String USER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final int port;
    private final Path directory;
    private final List<String> command;
    private ChildProcess process;

    private PostgresServer(int port, Path directory, List<String> command)
    {
        this.port = port;
        this.directory = directory;
        this.command = List.copyOf(command);
    }

    /**
     * Starts PostgreSQL with its data under {@code directory} (initialized on first use).
     * {@code durable=false} turns off fsync: for tests, whose data is thrown away.
     */
    public static PostgresServer start(Path directory, Path binaryCache, int port, boolean durable)
    {
        Binaries.requireLinuxAmd64();
        Path home = Binaries.installTarXz("postgres-linux-x86_64.txz", binaryCache, "postgres");
        Path data = directory.resolve("data");
        Path log = directory.resolve("postgres.log");
        try {
            Files.createDirectories(directory);
            if (!Files.exists(data.resolve("PG_VERSION"))) {
                Binaries.deleteRecursively(data);
                initdb(home, data, log);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot prepare PostgreSQL in " + directory, e);
        }
        List<String> command = new ArrayList<>(asUnprivileged(home.resolve("bin/postgres")));
        command.addAll(List.of(
                "-D", data.toString(),
                "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=",
                "-c", "max_connections=200",
                // the search benchmark's 3.6 million nights (about 400 MB) stay in PostgreSQL's cache, as a production server's would
                "-c", "shared_buffers=512MB",
                "-c", "fsync=" + (durable ? "on" : "off"),
                "-c", "synchronous_commit=" + (durable ? "on" : "off"),
                "-c", "full_page_writes=" + (durable ? "on" : "off")));
        PostgresServer server = new PostgresServer(port, directory, command);
        server.launch();
        return server;
    }

    private synchronized void launch()
    {
        process = ChildProcess.start("postgres", "postgres", command, directory, Map.of("LC_ALL", "C"),
                directory.resolve("postgres.log"), directory.resolve("postgres.pid"), "INT");
        process.awaitReady("accept connections on port " + port, Duration.ofSeconds(60), this::acceptsConnections);
    }

    /** Stops the server, keeping its data: {@link #restart()} brings back the same databases on the same port. */
    public synchronized void stop()
    {
        if (process != null) {
            process.stop(Duration.ofSeconds(30));
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

    private static void initdb(Path home, Path data, Path log)
    {
        List<String> command = new ArrayList<>(asUnprivileged(home.resolve("bin/initdb")));
        command.addAll(List.of("-D", data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"));
        try {
            Process initdb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (initdb.waitFor() != 0) {
                throw new IllegalStateException("initdb failed (exit %s); see %s".formatted(initdb.exitValue(), log));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot run initdb", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during initdb", e);
        }
    }

    private static List<String> asUnprivileged(Path binary)
    {
        if (new com.sun.security.auth.module.UnixSystem().getUid() == 0) {
            return List.of("unshare", "-U", binary.toString());
        }
        return List.of(binary.toString());
    }

    private boolean acceptsConnections()
    {
        try (Connection ignored = connect("postgres")) {
            return true;
        }
        catch (SQLException e) {
            return false;
        }
    }

    /** Creates the database unless it exists. */
    public void createDatabase(String name)
    {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name[%s] must match %s".formatted(name, DATABASE_NAME));
        }
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '%s'".formatted(name));
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + name);
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    public Connection connect(String database)
            throws SQLException
    {
        return DriverManager.getConnection(jdbcUrl(database), USER, "");
    }

    public String jdbcUrl(String database)
    {
        return "jdbc:postgresql://127.0.0.1:%s/%s".formatted(port, database);
    }

    public int port()
    {
        return port;
    }

    @Override
    public void close()
    {
        stop();
    }

    /** Freezes the server and every backend ({@code SIGSTOP}): connections stay open and nothing answers, until {@link #resume}. For fault tests. */
    public void pause()
    {
        process.pauseTree();
    }

    public void resume()
    {
        process.resumeTree();
    }
}
