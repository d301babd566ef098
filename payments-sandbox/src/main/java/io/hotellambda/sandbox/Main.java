package io.hotellambda.sandbox;

import io.hotellambda.config.Settings;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** {@code java -cp ... io.hotellambda.sandbox.Main [settings.properties]}; environment ({@code PAYMENTS_SANDBOX_*}) overrides the file. */
public final class Main
{
    private Main() {}

    public static void main(String[] args)
    {
        Optional<Path> file = args.length > 0 ? Optional.of(Path.of(args[0])) : Optional.empty();
        SandboxConfig config = SandboxConfig.load(Settings.load(SandboxConfig.ENV_PREFIX, file, System.getenv()));
        SandboxServer server = SandboxServer.start(config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sandbox-shutdown"));
        System.out.printf("payments sandbox listening on http://%s:%s, webhooks to %s%n", config.httpHost(), server.port(), config.webhookUrl());
    }
}
