package io.hotellambda.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real S3 API server on 127.0.0.1 for the tests: s3proxy ({@code org.gaul:s3proxy}) backed by a
 * local directory, in its own JVM from the {@code s3-server} module's classpath; a signed request
 * (AWS signature v2 or v4) must be signed with its one key pair. One bucket ({@link #bucket}) is made at start.
 * Clients reach it through Hadoop's {@code s3a://} with {@link #hadoopSettings()}.
 */
public final class S3Server
        implements AutoCloseable
{
    /** One client for every poll of the status (each new one starts a selector thread of its own). */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ACCESS_KEY = "hotel-lambda-test";
    private static final String SECRET_KEY = "hotel-lambda-test-secret";

    private final ChildProcess process;
    private final int port;

    private S3Server(ChildProcess process, int port)
    {
        this.process = process;
        this.port = port;
    }

    /**
     * The one bucket, named after the port: Hadoop caches a file system per bucket for the JVM's
     * life, so two servers in one JVM must not share a bucket's name.
     */
    public String bucket()
    {
        return "hotel-lambda-" + port;
    }

    /**
     * How s3proxy keeps objects in {@code directory/objects}. Neither backend is S3 in every
     * respect, so a test takes the one that is S3 in what it exercises:
     * {@link #FILESYSTEM} hides a directory's marker object (the empty object {@code s3a}'s mkdirs
     * puts at {@code dir/}), so an empty directory reads as missing; {@link #FILESYSTEM_NIO2} lists
     * it as S3 does, but {@code s3a}'s rename of a file into a directory not yet there returns
     * false on it (the archive's moves, which pass on S3's rules, fail there), and it answers a
     * HEAD of the directory's name (no slash) with the marker, so {@code s3a}'s getFileStatus
     * takes an empty directory for an empty file (S3 answers 404 there).
     */
    public enum Backend
    {
        /** The archive's tests: moves into new directories. */
        FILESYSTEM("filesystem"),
        /** Spark's checkpoint logs: directories made empty, then listed. */
        FILESYSTEM_NIO2("filesystem-nio2");

        private final String provider;

        Backend(String provider)
        {
            this.provider = provider;
        }
    }

    /** The server on the {@link Backend#FILESYSTEM} backend. */
    public static S3Server start(Path directory, String classpath)
    {
        return start(directory, classpath, Backend.FILESYSTEM);
    }

    /** The server, its objects under {@code directory/objects}, started from {@code classpath} (s3proxy and its dependencies). */
    public static S3Server start(Path directory, String classpath, Backend backend)
    {
        try {
            Path objects = Files.createDirectories(directory.resolve("objects"));
            int port = Ports.freePort();
            Path properties = directory.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=" + backend.provider,
                    "jclouds.identity=" + ACCESS_KEY,
                    "jclouds.credential=" + SECRET_KEY,
                    "jclouds.filesystem.basedir=" + objects.toAbsolutePath()) + "\n");
            // s3proxy ships no logging configuration: without one, logback logs every request at DEBUG
            Path logging = directory.resolve("logback.xml");
            Files.writeString(logging, """
                    <configuration>
                      <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
                      </appender>
                      <root level="WARN"><appender-ref ref="out"/></root>
                    </configuration>
                    """);
            String main = "org.gaul.s3proxy.Main";
            ChildProcess process = ChildProcess.start("s3proxy", main,
                    ChildProcess.javaCommand(List.of("-Xmx384m", "-Dlogback.configurationFile=" + logging), classpath, main, List.of("--properties", properties.toString())),
                    directory, Map.of(), directory.resolve("s3proxy.log"), directory.resolve("s3proxy.pid"), "TERM");
            S3Server server = new S3Server(process, port);
            // a bucket of the filesystem backend is a directory of its base
            Files.createDirectories(objects.resolve(server.bucket()));
            process.awaitReady("answer S3 requests", Duration.ofSeconds(60), () -> server.status() == 200);
            return server;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** s3proxy's classpath, as the {@code s3-server} module wrote it: the file named by the system property {@code s3-server.classpath.file}. */
    public static String classpathFromBuild()
    {
        String file = System.getProperty("s3-server.classpath.file");
        if (file == null) {
            throw new IllegalStateException("system property s3-server.classpath.file is not set (the module's surefire configuration sets it)");
        }
        try {
            return Files.readString(Path.of(file)).strip();
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read %s: build the s3-server module first".formatted(file), e);
        }
    }

    private int status()
    {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(endpoint() + "/" + bucket())).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        catch (IOException e) {
            return -1;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public String endpoint()
    {
        return "http://127.0.0.1:" + port;
    }

    /** {@code s3a://bucket/path}. */
    public String uri(String path)
    {
        return "s3a://%s/%s".formatted(bucket(), path);
    }

    /** What Hadoop's {@code s3a} needs to reach this server (as {@code fs.s3a.*}; Spark takes them as {@code spark.hadoop.fs.s3a.*}). */
    public Map<String, String> hadoopSettings()
    {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("fs.s3a.endpoint", endpoint());
        settings.put("fs.s3a.path.style.access", "true");
        settings.put("fs.s3a.connection.ssl.enabled", "false");
        settings.put("fs.s3a.access.key", ACCESS_KEY);
        settings.put("fs.s3a.secret.key", SECRET_KEY);
        settings.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        // keep directory markers: deleting them after every write runs on the upload pool, and with an
        // archiver's many open writers it waits on itself (S3AFileSystem.finishedWrite never returns)
        settings.put("fs.s3a.directory.marker.retention", "keep");
        // a test's server: give up on a refused connection in seconds, not after minutes of retries
        settings.put("fs.s3a.attempts.maximum", "3");
        settings.put("fs.s3a.retry.limit", "3");
        settings.put("fs.s3a.connection.establish.timeout", "5000");
        return settings;
    }

    public ChildProcess process()
    {
        return process;
    }

    @Override
    public void close()
    {
        process.close();
    }
}
