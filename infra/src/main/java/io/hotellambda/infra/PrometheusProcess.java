package io.hotellambda.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prometheus for the quickstart, when a {@code prometheus} binary is on the PATH (Debian's
 * {@code prometheus} package): a configuration written under {@code var/prometheus/} that scrapes
 * the quickstart's processes on the ports they were given and loads the project's alert rules
 * ({@code infra/prometheus/alerts.yml}), and the process, supervised like the others.
 */
final class PrometheusProcess
{
    static final String NAME = "prometheus";

    private PrometheusProcess() {}

    static Optional<Path> binary()
    {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":")).filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, NAME)).filter(Files::isExecutable).findFirst();
    }

    /** Writes {@code directory/prometheus.yml}: every job in {@code targets} (job to port on 127.0.0.1), with {@code rules}. */
    static Path configure(Path directory, Path rules, Map<String, Integer> targets)
    {
        StringBuilder yaml = new StringBuilder("""
                # written by the quickstart: its processes on the ports it gave them, and the project's alert rules
                global:
                  scrape_interval: 15s
                  evaluation_interval: 15s
                rule_files:
                  - '%s'
                scrape_configs:
                """.formatted(rules.toAbsolutePath()));
        targets.forEach((job, port) -> yaml.append("  - job_name: %s\n    static_configs:\n      - targets: ['127.0.0.1:%s']\n".formatted(job, port)));
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve("prometheus.yml");
            Files.writeString(file, yaml);
            return file;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Service service(Path binary, Path directory, Path configuration, int port)
    {
        List<String> command = List.of(binary.toString(), "--config.file=" + configuration.toAbsolutePath(),
                "--storage.tsdb.path=" + directory.resolve("data").toAbsolutePath(), "--web.listen-address=127.0.0.1:" + port);
        return new Service(NAME, () -> ChildProcess.start(NAME, NAME, command, directory, Map.of(), directory.resolve("prometheus.log"),
                directory.resolve("prometheus.pid"), "TERM"), Service.healthy("http://127.0.0.1:%s/-/ready".formatted(port)), Duration.ofSeconds(60),
                Duration.ofSeconds(20));
    }
}
