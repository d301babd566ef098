package io.hotellambda.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Starts the speed layer (a Spark driver, {@code local[2]}) as a supervised child JVM. Its
 * classpath and Spark's JVM module options come from system properties that {@code bin/quickstart}
 * and {@code bin/bench} set from the build: {@code speed-layer.classpath} and
 * {@code speed-layer.jvm-options} ({@code speed-layer/target/jvm-options.txt}).
 */
public final class SpeedLayerProcess
{
    public static final String MAIN_CLASS = "io.hotellambda.speed.Main";

    private SpeedLayerProcess() {}

    /** True when the launcher was given the speed layer's classpath. */
    public static boolean isAvailable()
    {
        return System.getProperty("speed-layer.classpath") != null;
    }

    /** {@code environment} holds the {@code SPEED_LAYER_*} settings (docs/speed-layer.md). */
    public static ChildProcess start(Path directory, String heap, Map<String, String> environment)
    {
        String classpath = System.getProperty("speed-layer.classpath");
        if (classpath == null) {
            throw new IllegalStateException("system property speed-layer.classpath is not set (bin/quickstart and bin/bench set it)");
        }
        List<String> options = new ArrayList<>(List.of("-Xmx" + heap, "-XX:+UseG1GC"));
        options.addAll(Arrays.asList(System.getProperty("speed-layer.jvm-options", "").trim().split("\\s+")));
        options.removeIf(String::isEmpty);
        List<String> command = ChildProcess.javaCommand(options, classpath, MAIN_CLASS, List.of());
        return ChildProcess.start("speed-layer", MAIN_CLASS, command, directory, environment,
                directory.resolve("speed-layer.log"), directory.resolve("speed-layer.pid"), "TERM");
    }
}
