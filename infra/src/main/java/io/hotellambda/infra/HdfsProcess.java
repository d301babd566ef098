package io.hotellambda.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real HDFS on 127.0.0.1 for the tests: a NameNode and a DataNode (Hadoop's MiniDFSCluster,
 * {@code io.hotellambda.hdfs.HdfsServer} of the {@code hdfs-server} module) in their own JVM,
 * their blocks under {@code directory}. Clients reach it as {@code hdfs://127.0.0.1:<port>/}.
 */
public final class HdfsProcess
        implements AutoCloseable
{
    private static final String MAIN = "io.hotellambda.hdfs.HdfsServer";

    private final ChildProcess process;
    private final int port;

    private HdfsProcess(ChildProcess process, int port)
    {
        this.process = process;
        this.port = port;
    }

    /** Started from {@code classpath} (the module's classes and its dependencies); ready once it says so. */
    public static HdfsProcess start(Path directory, String classpath)
    {
        try {
            Files.createDirectories(directory);
            int port = Ports.freePort();
            Path log = directory.resolve("hdfs.log");
            ChildProcess process = ChildProcess.start("hdfs", MAIN,
                    ChildProcess.javaCommand(List.of("-Xmx512m"), classpath, MAIN, List.of(directory.resolve("data").toString(), Integer.toString(port))),
                    directory, Map.of(), log, directory.resolve("hdfs.pid"), "TERM");
            process.awaitReady("serve HDFS", Duration.ofSeconds(90), () -> {
                try {
                    return Files.readString(log).contains(":%d ready".formatted(port));
                }
                catch (IOException e) {
                    return false;
                }
            });
            return new HdfsProcess(process, port);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code hdfs-server} module's classes and classpath, from the files named by the system
     * properties {@code hdfs-server.classes} and {@code hdfs-server.classpath.file}.
     */
    public static String classpathFromBuild()
    {
        String classes = System.getProperty("hdfs-server.classes");
        String file = System.getProperty("hdfs-server.classpath.file");
        if (classes == null || file == null) {
            throw new IllegalStateException("system properties hdfs-server.classes and hdfs-server.classpath.file are not set (the module's surefire configuration sets them)");
        }
        try {
            return classes + java.io.File.pathSeparator + Files.readString(Path.of(file)).strip();
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read %s: build the hdfs-server module first".formatted(file), e);
        }
    }

    /** {@code hdfs://127.0.0.1:port/path}. */
    public String uri(String path)
    {
        return "hdfs://127.0.0.1:%d/%s".formatted(port, path);
    }

    /**
     * What an HDFS client of this server is given: a file's close waits until the NameNode has
     * heard of its last block from the DataNode, retrying after 400 ms at first by default, which
     * made every small file cost about 270 ms here; 20 ms makes it about 65 ms.
     */
    public Map<String, String> hadoopSettings()
    {
        return Map.of("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "20");
    }

    /** The NameNode's and DataNode's JVM, for fault tests ({@link ChildProcess#pause}). */
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
