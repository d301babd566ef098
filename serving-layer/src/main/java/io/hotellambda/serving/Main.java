package io.hotellambda.serving;

import io.hotellambda.config.Settings;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** {@code java -cp ... io.hotellambda.serving.Main [settings.properties]}; environment overrides the file. */
public final class Main
{
    private Main() {}

    public static void main(String[] args)
    {
        Optional<Path> file = args.length > 0 ? Optional.of(Path.of(args[0])) : Optional.empty();
        ServingConfig config = ServingConfig.load(Settings.load(ServingConfig.ENV_PREFIX, file, System.getenv()));
        ServingLayer serving = ServingLayer.start(config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(serving::close, "serving-layer-shutdown"));
        System.out.printf("serving-layer listening on http://%s:%s (%s)%n", config.httpHost(), serving.port(), config);
    }
}
