package io.hotellambda.booking;

import io.hotellambda.config.Settings;

import java.nio.file.Path;
import java.util.Optional;

/** {@code java -cp ... io.hotellambda.booking.Main [settings.properties]}; environment overrides the file. */
public final class Main
{
    private Main() {}

    public static void main(String[] args)
    {
        Optional<Path> file = args.length > 0 ? Optional.of(Path.of(args[0])) : Optional.empty();
        BookingAppConfig config = BookingAppConfig.load(Settings.load(BookingAppConfig.ENV_PREFIX, file, System.getenv()));
        BookingApp app = BookingApp.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "booking-app-shutdown"));
        System.out.printf("booking-app listening on http://%s:%s (%s)%n", config.httpHost(), app.port(), config);
    }
}
