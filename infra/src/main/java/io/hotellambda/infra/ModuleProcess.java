package io.hotellambda.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Starts a main class of another module (the speed layer, the archiver, the Hive server) as a
 * supervised child JVM. The module's classpath and JVM options come from system properties that
 * {@code bin/quickstart} and {@code bin/bench} set from the build: {@code <module>.classpath} and
 * {@code <module>.jvm-options} (Spark's module options, {@code <module>/target/jvm-options.txt}).
 */
public final class ModuleProcess
{
    private ModuleProcess() {}

    /** {@code environment} holds the process's settings; its log and pid file are {@code <name>.log|pid} in {@code directory}. */
    public static ChildProcess start(String module, String name, String mainClass, Path directory, String heap, Map<String, String> environment)
    {
        return start(module, name, mainClass, directory, heap, environment, List.of());
    }

    /** As above, with command-line {@code arguments} for the main class. */
    public static ChildProcess start(String module, String name, String mainClass, Path directory, String heap, Map<String, String> environment, List<String> arguments)
    {
        String classpath = System.getProperty(module + ".classpath");
        if (classpath == null) {
            throw new IllegalStateException("system property %s.classpath is not set (bin/quickstart and bin/bench set it)".formatted(module));
        }
        List<String> options = new ArrayList<>(List.of("-Xmx" + heap, "-XX:+UseG1GC"));
        options.addAll(Arrays.asList(System.getProperty(module + ".jvm-options", "").trim().split("\\s+")));
        options.removeIf(String::isEmpty);
        List<String> command = ChildProcess.javaCommand(options, classpath, mainClass, arguments);
        return ChildProcess.start(name, mainClass, command, directory, environment,
                directory.resolve(name + ".log"), directory.resolve(name + ".pid"), "TERM");
    }
}
