package io.hotellambda.infra;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on 127.0.0.1: Spark's own {@code Master} and {@code Worker}s,
 * each in its own JVM, as {@code sbin/start-master.sh} and {@code start-worker.sh} would start
 * them. The nodes get a Spark home whose {@code jars/} holds the third-party jars of a classpath
 * (Spark, Hadoop, the Kafka connector, the drivers), as an installed Spark would; hotel-lambda's
 * own code is not there: an application ships it with {@link #applicationSettings}, the way
 * {@code spark-submit --jars} does. Executors are started by the workers from that home.
 */
public final class SparkStandalone
        implements AutoCloseable
{
    /** One client for every poll of the status (each new one starts a selector thread of its own). */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
    private static final Pattern APPLICATION_NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern ALIVE = Pattern.compile("\"status\"\\s*:\\s*\"ALIVE\"");
    /**
     * How every JVM of a job on this one-machine cluster compiles (the nodes, the executors, and
     * the driver a test starts): C1 only. A test's job is short and its six JVMs share two cores;
     * their C2 compilations cost more than they save: the nightly job's run on this cluster took
     * 74 s with C1 only against 162 s with tiered C2, one after the other on one core (docs/cluster.md).
     * A real cluster's long-lived JVMs keep the JVM's default.
     */
    private static final List<String> FIXTURE_JIT = List.of("-XX:TieredStopAtLevel=1");

    private final ChildProcess master;
    private final List<ChildProcess> workers;
    private final int port;
    private final int uiPort;

    private SparkStandalone(ChildProcess master, List<ChildProcess> workers, int port, int uiPort)
    {
        this.master = master;
        this.workers = List.copyOf(workers);
        this.port = port;
        this.uiPort = uiPort;
    }

    /**
     * A master and {@code workers} workers of {@code cores} cores and {@code memory} each, from the
     * jars of {@code classpath}; ready once the master reports every worker alive.
     */
    public static SparkStandalone start(Path directory, String classpath, List<String> jvmOptions, int workers, int cores, String memory)
    {
        List<ChildProcess> started = new ArrayList<>();
        try {
            Path home = sparkHome(directory.resolve("spark-home"), classpath);
            Map<String, String> environment = Map.of("SPARK_HOME", home.toString(),
                    // the launcher looks for a build directory unless told the Scala version
                    "SPARK_SCALA_VERSION", "2.12",
                    // the web UIs and the advertised addresses on loopback
                    "SPARK_LOCAL_IP", "127.0.0.1", "SPARK_PUBLIC_DNS", "127.0.0.1");
            String nodeClasspath = String.join(":", thirdPartyJars(classpath).stream().map(Path::toString).toList());
            int port = Ports.freePort();
            int uiPort = Ports.freePort();
            ChildProcess master = node(directory, "spark-master", "org.apache.spark.deploy.master.Master", nodeClasspath, jvmOptions, environment,
                    List.of("--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(uiPort)));
            started.add(master);
            SparkStandalone cluster = new SparkStandalone(master, List.of(), port, uiPort);
            master.awaitReady("the Spark master", Duration.ofSeconds(60), () -> cluster.status().map(status -> ALIVE.matcher(status).find()).orElse(false));
            for (int i = 1; i <= workers; i++) {
                Path work = Files.createDirectories(directory.resolve("worker-" + i));
                started.add(node(directory, "spark-worker-" + i, "org.apache.spark.deploy.worker.Worker", nodeClasspath, jvmOptions, environment,
                        List.of("--host", "127.0.0.1", "--port", Integer.toString(Ports.freePort()), "--webui-port", Integer.toString(Ports.freePort()),
                                "--cores", Integer.toString(cores), "--memory", memory, "--work-dir", work.toString(), cluster.masterUrl())));
            }
            SparkStandalone ready = new SparkStandalone(master, started.subList(1, started.size()), port, uiPort);
            master.awaitReady(workers + " Spark workers", Duration.ofSeconds(60), () -> ready.aliveWorkers() == workers);
            return ready;
        }
        catch (IOException | RuntimeException e) {
            started.forEach(ChildProcess::close);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private static ChildProcess node(Path directory, String name, String mainClass, String classpath, List<String> jvmOptions, Map<String, String> environment,
            List<String> arguments)
    {
        List<String> options = new ArrayList<>(List.of("-Xmx512m"));
        options.addAll(FIXTURE_JIT);
        options.addAll(jvmOptions);
        return ChildProcess.start(name, mainClass, ChildProcess.javaCommand(options, classpath, mainClass, arguments), directory, environment,
                directory.resolve(name + ".log"), directory.resolve(name + ".pid"), "TERM");
    }

    /** {@code spark://127.0.0.1:port}. */
    public String masterUrl()
    {
        return "spark://127.0.0.1:" + port;
    }

    /** Workers the master reports alive now; 0 when it does not answer. */
    public int aliveWorkers()
    {
        return status().map(status -> {
            Matcher matcher = ALIVE_WORKERS.matcher(status);
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        }).orElse(0);
    }

    private Optional<String> status()
    {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:%d/json/".formatted(uiPort)))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        }
        catch (IOException e) {
            return Optional.empty();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * What a driver of this cluster is given, as {@code spark-submit} would set it: the master,
     * hotel-lambda's code of {@code classpath} as application jars ({@code spark.jars}; a class
     * directory is packed into a jar in {@code directory} first), the driver on loopback, the
     * executors compiling as {@link #FIXTURE_JIT} says.
     */
    public Map<String, String> applicationSettings(Path directory, String classpath, String executorMemory, int cores)
    {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.master", masterUrl());
        settings.put("spark.jars", String.join(",", applicationJars(directory, classpath).stream().map(jar -> jar.toUri().toString()).toList()));
        settings.put("spark.driver.host", "127.0.0.1");
        settings.put("spark.driver.bindAddress", "127.0.0.1");
        settings.put("spark.ui.enabled", "false");
        settings.put("spark.executor.memory", executorMemory);
        settings.put("spark.cores.max", Integer.toString(cores));
        settings.put("spark.executor.extraJavaOptions", String.join(" ", FIXTURE_JIT));
        // one machine: every executor is as near every block as another, and waiting 3 s a stage for
        // a "better" one (s3a reports every block on "localhost") only slows the job
        settings.put("spark.locality.wait", "0s");
        return settings;
    }

    /**
     * The JVM options of a driver a test starts on this cluster: {@link #FIXTURE_JIT}, and
     * {@link #applicationSettings} as {@code -D} options, which is what {@code spark-submit --conf}
     * passes (SparkConf reads {@code spark.*} system properties).
     */
    public List<String> driverOptions(Path directory, String classpath, String executorMemory, int cores)
    {
        List<String> options = new ArrayList<>(FIXTURE_JIT);
        applicationSettings(directory, classpath, executorMemory, cores).forEach((key, value) -> options.add("-D" + key + "=" + value));
        return options;
    }

    /** The names of the applications the master reports running now. */
    public List<String> runningApplications()
    {
        return applications("activeapps", "completedapps");
    }

    /** The names of the applications the master reports completed. */
    public List<String> completedApplications()
    {
        return applications("completedapps", null);
    }

    /** The applications' names in the master's JSON list {@code list} (which {@code next} follows, if not the last). */
    private List<String> applications(String list, String next)
    {
        String status = status().orElseThrow(() -> new IllegalStateException("the Spark master does not answer"));
        int from = status.indexOf("\"" + list + "\"");
        List<String> names = new ArrayList<>();
        if (from >= 0) {
            int to = next == null ? status.length() : status.indexOf("\"" + next + "\"", from);
            Matcher matcher = APPLICATION_NAME.matcher(status.substring(from, to < 0 ? status.length() : to));
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /** The cluster's node processes: the master first. */
    public List<ChildProcess> processes()
    {
        List<ChildProcess> processes = new ArrayList<>();
        processes.add(master);
        processes.addAll(workers);
        return processes;
    }

    @Override
    public void close()
    {
        for (ChildProcess worker : workers) {
            worker.close();
        }
        master.close();
    }

    /** A Spark home as an installed Spark has one: a {@code RELEASE} file and {@code jars/} (links to the third-party jars). */
    private static Path sparkHome(Path home, String classpath)
            throws IOException
    {
        Path jars = Files.createDirectories(home.resolve("jars"));
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("RELEASE"), "Spark 3.5.1, the jars of hotel-lambda's build\n");
        for (Path jar : thirdPartyJars(classpath)) {
            Path link = jars.resolve(jar.getFileName());
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, jar.toAbsolutePath());
            }
        }
        return home;
    }

    /** The jars of a classpath that are not hotel-lambda's own. */
    static List<Path> thirdPartyJars(String classpath)
    {
        return entries(classpath).filter(entry -> entry.toString().endsWith(".jar") && !isOwn(entry)).toList();
    }

    /** hotel-lambda's own code on a classpath, as jars: a module's classes directory packed, a module's jar as it is. */
    static List<Path> applicationJars(Path directory, String classpath)
    {
        List<Path> jars = new ArrayList<>();
        for (Path entry : entries(classpath).filter(SparkStandalone::isOwn).toList()) {
            if (Files.isDirectory(entry)) {
                // target/classes of a module: its jar is not built before its tests run
                String module = entry.getParent().getParent().getFileName().toString();
                jars.add(pack(entry, directory.resolve("application-jars").resolve(module + ".jar")));
            }
            else {
                jars.add(entry);
            }
        }
        return jars;
    }

    private static boolean isOwn(Path entry)
    {
        String path = entry.toString();
        // a module's build output, or one installed in the local repository
        return path.endsWith("/target/classes") || path.contains("/io/hotellambda/") || path.matches(".*/target/[^/]+-\\d[^/]*\\.jar");
    }

    private static Stream<Path> entries(String classpath)
    {
        return Arrays.stream(classpath.split(File.pathSeparator)).filter(entry -> !entry.isBlank()).map(Path::of)
                .filter(entry -> !entry.toString().endsWith("/target/test-classes") && Files.exists(entry));
    }

    private static Path pack(Path classes, Path jar)
    {
        try {
            Files.createDirectories(jar.getParent());
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream stream = new JarOutputStream(out); Stream<Path> files = Files.walk(classes)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    stream.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                    Files.copy(file, stream);
                    stream.closeEntry();
                }
            }
            return jar;
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot pack %s into %s".formatted(classes, jar), e);
        }
    }

    @Override
    public String toString()
    {
        return "Spark standalone %s with %d workers".formatted(masterUrl(), workers.size());
    }
}
