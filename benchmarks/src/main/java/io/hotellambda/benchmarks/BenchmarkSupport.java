package io.hotellambda.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/** Command-line arguments, sample hotels and percentiles, shared by the benchmarks. */
final class BenchmarkSupport
{
    private BenchmarkSupport() {}

    static String stringArgument(String[] args, String name, String defaultValue)
    {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return defaultValue;
    }

    static int argument(String[] args, String name, int defaultValue)
    {
        return Integer.parseInt(stringArgument(args, name, Integer.toString(defaultValue)));
    }

    /** Creates {@code count} hotels through booking-app's API and returns their ids. */
    static List<Long> createHotels(int port, String adminToken, int count)
            throws Exception
    {
        HttpClient http = HttpClient.newHttpClient();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "{\"name\": \"Bench Hotel %s\", \"city\": \"Amsterdam\", \"country\": \"NL\", \"address\": \"Damrak %s\", \"star_rating\": 3}".formatted(i, i);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:%s/v1/hotels".formatted(port)))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + adminToken)
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("cannot create bench hotel: " + response.body());
            }
            ids.add(Long.parseLong(response.body().replaceAll("^\\{\"id\":(\\d+),.*", "$1")));
        }
        return ids;
    }

    static void deleteRecursively(Path directory)
            throws IOException
    {
        try (var paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** The {@code p}-th percentile (0 to 100) by nearest rank. */
    static double percentile(double[] values, double p)
    {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Rounds run the scenarios back to back, so a round's ratio compares like with like in time. */
    static double pairedRatio(List<HttpLoadGenerator.Result> measured, List<HttpLoadGenerator.Result> baseline)
    {
        double[] ratios = IntStream.range(0, measured.size())
                .mapToDouble(round -> measured.get(round).requestsPerSecond() / baseline.get(round).requestsPerSecond())
                .sorted()
                .toArray();
        return ratios.length % 2 == 1 ? ratios[ratios.length / 2] : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
    }

    static double ratioOfMedians(List<HttpLoadGenerator.Result> measured, List<HttpLoadGenerator.Result> baseline)
    {
        return median(measured, HttpLoadGenerator.Result::requestsPerSecond) / median(baseline, HttpLoadGenerator.Result::requestsPerSecond);
    }

    static double median(List<HttpLoadGenerator.Result> runs, ToDoubleFunction<HttpLoadGenerator.Result> metric)
    {
        double[] values = runs.stream().mapToDouble(metric).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }
}
