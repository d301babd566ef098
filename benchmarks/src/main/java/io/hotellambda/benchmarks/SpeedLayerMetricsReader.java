package io.hotellambda.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads counters from the speed layer's Prometheus endpoint. */
final class SpeedLayerMetricsReader
{
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;

    SpeedLayerMetricsReader(int port)
    {
        this.uri = URI.create("http://127.0.0.1:%s/metrics".formatted(port));
    }

    boolean isUp()
    {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        }
        catch (IOException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The value of {@code name}, or 0 before the first batch reported it. */
    long value(String name)
    {
        try {
            String text = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return text.lines()
                    .filter(line -> line.startsWith(name + " "))
                    .map(line -> (long) Double.parseDouble(line.substring(name.length() + 1)))
                    .findFirst()
                    .orElse(0L);
        }
        catch (IOException e) {
            throw new IllegalStateException("speed-layer metrics unreadable: " + e.getMessage(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
