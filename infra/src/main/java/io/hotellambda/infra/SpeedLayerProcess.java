package io.hotellambda.infra;

import java.nio.file.Path;
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

    /** {@code environment} holds the {@code SPEED_LAYER_*} settings (docs/speed-layer.md). */
    public static ChildProcess start(Path directory, String heap, Map<String, String> environment)
    {
        return ModuleProcess.start("speed-layer", "speed-layer", MAIN_CLASS, directory, heap, environment);
    }
}
