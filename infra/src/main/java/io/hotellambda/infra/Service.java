package io.hotellambda.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * One process the quickstart runs, as data: how to start it, when it is ready, and how long it
 * may take to stop. The {@link Supervisor} starts services in order, restarts one that dies and
 * stops them in reverse order.
 *
 * @param start starts the process (its settings, log and pid file are in the supplier)
 * @param ready whether a started process is ready to be used (its HTTP health answers, its port listens)
 * @param readyTimeout how long a start may take before it counts as failed
 * @param stopTimeout how long a clean stop may take before the process is killed
 */
public record Service(String name, Supplier<ChildProcess> start, Predicate<ChildProcess> ready, Duration readyTimeout, Duration stopTimeout)
{
    /** Ready when {@code url} answers 200 (a health or metrics endpoint). */
    public static Predicate<ChildProcess> healthy(String url)
    {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
        return process -> {
            try {
                return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            }
            catch (IOException e) {
                return false;
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        };
    }

    public Service
    {
        requireNonNull(name, "name is null");
        requireNonNull(start, "start is null");
        requireNonNull(ready, "ready is null");
        requireNonNull(readyTimeout, "readyTimeout is null");
        requireNonNull(stopTimeout, "stopTimeout is null");
    }
}
