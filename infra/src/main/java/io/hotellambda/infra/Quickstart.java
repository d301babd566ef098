package io.hotellambda.infra;

import io.hotellambda.config.Settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The quickstart: checks its preconditions, starts Kafka, PostgreSQL and Redis, then booking-app,
 * creates sample hotels through its API (and, on a fresh Kafka, yesterday's views of them:
 * {@link SampleHistory}), then starts the speed layer, the archiver, HiveServer2 and the serving
 * layer in their own JVMs, runs the whole loop once ({@link QuickstartLoop}) and prints where
 * everything is. All state is under {@code var/}; delete it to start over. A {@link Supervisor}
 * restarts a service that dies; Ctrl-C (or TERM) stops everything, in order.
 * <p>
 * {@code bin/quickstart} builds the project and calls this with booking-app's classpath, and the
 * speed layer's classpath and JVM options as system properties ({@link SpeedLayerProcess}).
 */
public final class Quickstart
{
    private static final String BOOKING_APP_MAIN = "io.hotellambda.booking.Main";
    private static final String ARCHIVER_MAIN = "io.hotellambda.batch.archive.ArchiverMain";
    private static final String HIVE_SERVER_MAIN = "io.hotellambda.batch.hive.HiveServerMain";
    private static final String SERVING_LAYER_MAIN = "io.hotellambda.serving.Main";
    private static final String SANDBOX_MAIN = "io.hotellambda.sandbox.Main";
    private static final String NOTIFIER_MAIN = "io.hotellambda.notifier.Main";

    private Quickstart() {}

    public static void main(String[] args)
            throws Exception
    {
        if (args.length != 1) {
            System.err.println("usage: Quickstart <booking-app classpath>  (bin/quickstart passes it)");
            System.exit(2);
        }
        Settings settings = Settings.load(LocalStackConfig.ENV_PREFIX, Optional.empty(), System.getenv());
        LocalStackConfig config = LocalStackConfig.load(settings);
        int bookingPort = settings.integer("booking.app.port", 8080);
        int speedMetricsPort = settings.integer("speed.layer.metrics.port", 19400);
        int servingPort = settings.integer("serving.layer.port", 8090);
        boolean loop = !settings.string("loop", "on").equals("off");
        int hivePort = settings.integer("hive.port", 10000);
        int metastorePort = settings.integer("metastore.port", 11527);
        int sandboxPort = settings.integer("payments.sandbox.port", 8070);
        int smtpPort = settings.integer("smtp.port", 3025);
        int archiverMetricsPort = settings.integer("archiver.metrics.port", 19401);
        int notifierMetricsPort = settings.integer("notifier.metrics.port", 19402);
        int prometheusPort = settings.integer("prometheus.port", 9090);
        Optional<Path> prometheus = PrometheusProcess.binary();
        // short, so the loop (and a person trying it) sees a hold expire; booking-app's own default is 10m
        String holdTtl = settings.string("hold.ttl", "2m");
        Path var = config.varDirectory();

        step("Preflight");
        requireJava17();
        Files.createDirectories(var.resolve("run"));
        refuseSecondLauncher(var.resolve("run/quickstart.pid"));
        ChildProcess.killStale(config.postgresDirectory().resolve("postgres.pid"), "postgres");
        ChildProcess.killStale(config.redisDirectory().resolve("redis.pid"), "redis-server");
        ChildProcess.killStale(var.resolve("booking-app/booking-app.pid"), BOOKING_APP_MAIN);
        ChildProcess.killStale(config.kafkaDirectory().resolve("kafka.pid"), KafkaNode.class.getName());
        ChildProcess.killStale(var.resolve("speed-layer/speed-layer.pid"), SpeedLayerProcess.MAIN_CLASS);
        ChildProcess.killStale(var.resolve("archive/archiver.pid"), ARCHIVER_MAIN);
        ChildProcess.killStale(var.resolve("archive/hive-server.pid"), HIVE_SERVER_MAIN);
        ChildProcess.killStale(var.resolve("serving-layer/serving-layer.pid"), SERVING_LAYER_MAIN);
        ChildProcess.killStale(var.resolve("payments-sandbox/payments-sandbox.pid"), SANDBOX_MAIN);
        ChildProcess.killStale(var.resolve("notifier/notifier.pid"), NOTIFIER_MAIN);
        ChildProcess.killStale(var.resolve("prometheus/prometheus.pid"), PrometheusProcess.NAME);
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("kafka (HOTEL_LAMBDA_KAFKA_PORT)", config.kafkaPort());
        ports.put("kafka controller (HOTEL_LAMBDA_KAFKA_CONTROLLER_PORT)", config.kafkaControllerPort());
        ports.put("postgres (HOTEL_LAMBDA_POSTGRES_PORT)", config.postgresPort());
        ports.put("redis (HOTEL_LAMBDA_REDIS_PORT)", config.redisPort());
        ports.put("booking-app (HOTEL_LAMBDA_BOOKING_APP_PORT)", bookingPort);
        ports.put("speed-layer metrics (HOTEL_LAMBDA_SPEED_LAYER_METRICS_PORT)", speedMetricsPort);
        ports.put("serving-layer (HOTEL_LAMBDA_SERVING_LAYER_PORT)", servingPort);
        ports.put("archiver metrics (HOTEL_LAMBDA_ARCHIVER_METRICS_PORT)", archiverMetricsPort);
        ports.put("notifier metrics (HOTEL_LAMBDA_NOTIFIER_METRICS_PORT)", notifierMetricsPort);
        ports.put("HiveServer2 (HOTEL_LAMBDA_HIVE_PORT)", hivePort);
        ports.put("Hive metastore database (HOTEL_LAMBDA_METASTORE_PORT)", metastorePort);
        ports.put("payments sandbox (HOTEL_LAMBDA_PAYMENTS_SANDBOX_PORT)", sandboxPort);
        ports.put("SMTP (HOTEL_LAMBDA_SMTP_PORT)", smtpPort);
        if (prometheus.isPresent()) {
            ports.put("Prometheus (HOTEL_LAMBDA_PROMETHEUS_PORT)", prometheusPort);
        }
        List<String> busy = new ArrayList<>();
        ports.forEach((name, port) -> {
            if (!Ports.isFree(port)) {
                busy.add("%s: 127.0.0.1:%s is in use".formatted(name, port));
            }
        });
        if (!busy.isEmpty()) {
            fail("ports are taken; free them or choose others with the variables named:\n  " + String.join("\n  ", busy));
        }
        info("java %s, state in %s, ports free".formatted(Runtime.version(), var));

        step("Starting Kafka (KRaft), PostgreSQL and Redis");
        LocalStack stack = LocalStack.start(config);
        info("kafka       127.0.0.1:%s   topics: hotel_view_events, search_events, booking_events, dead_letter".formatted(config.kafkaPort()));
        info("postgres    %s  (user postgres, no password, loopback only)".formatted(stack.postgres().jdbcUrl(LocalStack.DATABASE)));
        info("redis       %s".formatted(stack.redis().uri()));

        MailCatcher mail = MailCatcher.start(smtpPort, var.resolve("mail"));
        info("smtp        127.0.0.1:%s   (GreenMail; every mail it receives is written to %s)".formatted(smtpPort, relative(var, mail.directory())));
        Supervisor supervisor = new Supervisor(Quickstart::info);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping every service, the last started first, then the SMTP server, kafka, redis, postgres ...");
            supervisor.close();
            mail.close();
            stack.close();
            stopped.countDown();
        }, "quickstart-shutdown"));

        step("Starting the payments sandbox, booking-app and the notifier");
        String adminToken = secret(var.resolve("booking-app/admin-token"), "hl_admin_");
        String base = "http://127.0.0.1:" + bookingPort;
        String sandbox = "http://127.0.0.1:" + sandboxPort;
        Payments payments = new Payments(sandbox, secret(var.resolve("payments-sandbox/api-key"), "sk_sandbox_"), secret(var.resolve("payments-sandbox/webhook-secret"), "whsec_"));
        ChildProcess sandboxProcess = start(supervisor, new Service("payments-sandbox", () -> ModuleProcess.start("payments-sandbox", "payments-sandbox", SANDBOX_MAIN,
                var.resolve("payments-sandbox"), "256m", Map.of(
                        "PAYMENTS_SANDBOX_HTTP_PORT", Integer.toString(sandboxPort),
                        "PAYMENTS_SANDBOX_API_KEY", payments.apiKey(),
                        "PAYMENTS_SANDBOX_WEBHOOK_SECRET", payments.webhookSecret(),
                        "PAYMENTS_SANDBOX_WEBHOOK_URL", base + "/v1/payments/webhooks")),
                Service.healthy(sandbox + "/health"), Duration.ofSeconds(30), Duration.ofSeconds(10)));
        info("payments    %s   (the sandbox provider; checkout pages at %s/checkout/<payment id>; log: %s)".formatted(sandbox, sandbox, relative(var, sandboxProcess.logFile())));
        ChildProcess bookingApp = start(supervisor, new Service("booking-app", () -> startBookingApp(args[0], var.resolve("booking-app"), bookingPort, stack, adminToken, payments, holdTtl,
                "http://127.0.0.1:" + servingPort),
                Service.healthy(base + "/health"), Duration.ofSeconds(60), Duration.ofSeconds(20)));
        info("booking-app %s   (holds last %s: HOTEL_LAMBDA_HOLD_TTL; log: %s)".formatted(base, holdTtl, relative(var, bookingApp.logFile())));
        info("web pages   %s/ (guests: search, book, pay, my bookings)   %s/staff (hotel staff: sign in with the admin token or a staff token)".formatted(base, base));
        ChildProcess notifier = start(supervisor, new Service("notifier", () -> ModuleProcess.start("notifier", "notifier", NOTIFIER_MAIN, var.resolve("notifier"), "256m", Map.of(
                        "NOTIFIER_KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers(),
                        "NOTIFIER_DB_URL", stack.postgres().jdbcUrl(LocalStack.DATABASE),
                        "NOTIFIER_SMTP_PORT", Integer.toString(smtpPort),
                        "NOTIFIER_METRICS_PORT", Integer.toString(notifierMetricsPort))),
                Service.healthy("http://127.0.0.1:%s/metrics".formatted(notifierMetricsPort)), Duration.ofSeconds(30), Duration.ofSeconds(15)));
        info("notifier    booking_events -> smtp://127.0.0.1:%s   (metrics: http://127.0.0.1:%s/metrics; log: %s)".formatted(smtpPort, notifierMetricsPort,
                relative(var, notifier.logFile())));

        step("Sample hotels");
        SampleHotels.ensure(base, adminToken).forEach(Quickstart::info);
        Optional<SampleHistory.Day> history = Optional.empty();
        if (loop) {
            // before the speed layer and the archiver first read Kafka: to them, a day accepted while they were not running yet
            LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
            try {
                history = SampleHistory.produceIfFresh(stack.kafka().bootstrapServers(), SampleHotels.forHistory(base, 5), yesterday,
                        List.of(var.resolve("speed-layer/checkpoint"), var.resolve("archive/raw")));
                history.ifPresentOrElse(
                        day -> info("yesterday's views, for a fresh platform's first nightly job: %s records for %s (%s distinct views %s, the rest client retries), and %s booking events, produced to Kafka as booking-app produces them"
                                .formatted(day.records(), day.day(), day.views().values().stream().mapToLong(Long::longValue).sum(), day.views(), day.bookingEvents())),
                        () -> info("not a fresh platform (Kafka holds views, or the speed layer or the archiver ran before): no day of history added"));
            }
            catch (RuntimeException e) {
                info("no day of history: " + e.getMessage());
            }
        }

        Path archive = var.resolve("archive");
        Map<String, String> batchSettings = batchSettings(archive, stack, hivePort, metastorePort);
        // the archiver writes under BATCH_ARCHIVE_ROOT and registers the raw tables' hours in the same metastore (BATCH_METASTORE_*)
        Map<String, String> archiverSettings = new HashMap<>(batchSettings);
        archiverSettings.put("ARCHIVER_KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers());
        archiverSettings.put("ARCHIVER_METRICS_PORT", Integer.toString(archiverMetricsPort));
        String speedMetrics = "http://127.0.0.1:%s/metrics".formatted(speedMetricsPort);
        String serving = "http://127.0.0.1:" + servingPort;
        List<Service> services = List.of(
                new Service("speed-layer", () -> SpeedLayerProcess.start(var.resolve("speed-layer"), "2g", Map.of(
                        "SPEED_LAYER_KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers(),
                        "SPEED_LAYER_REDIS_URI", stack.redis().uri(),
                        "SPEED_LAYER_CHECKPOINT_LOCATION", var.resolve("speed-layer/checkpoint").toString(),
                        "SPEED_LAYER_METRICS_PORT", Integer.toString(speedMetricsPort))),
                        Service.healthy(speedMetrics), Duration.ofSeconds(120), Duration.ofSeconds(45)),
                // HiveServer2 before the archiver: both create the metastore's schema on first use, and Derby deadlocks when they do it at once
                new Service("hive-server", () -> ModuleProcess.start("batch-layer", "hive-server", HIVE_SERVER_MAIN, archive, "1536m", batchSettings),
                        process -> Ports.isListening(hivePort), Duration.ofSeconds(180), Duration.ofSeconds(30)),
                new Service("archiver", () -> ModuleProcess.start("batch-layer", "archiver", ARCHIVER_MAIN, archive, "1g", archiverSettings),
                        Service.healthy("http://127.0.0.1:%s/metrics".formatted(archiverMetricsPort)), Duration.ofSeconds(60), Duration.ofSeconds(30)),
                new Service("serving-layer", () -> ModuleProcess.start("serving-layer", "serving-layer", SERVING_LAYER_MAIN, var.resolve("serving-layer"), "512m", Map.of(
                        "SERVING_LAYER_HTTP_PORT", Integer.toString(servingPort),
                        "SERVING_LAYER_DB_URL", stack.postgres().jdbcUrl(LocalStack.DATABASE),
                        "SERVING_LAYER_REDIS_URI", stack.redis().uri())),
                        Service.healthy(serving + "/health"), Duration.ofSeconds(60), Duration.ofSeconds(20)));
        step("Starting the speed layer, the batch layer (the Parquet archiver; HiveServer2 and its metastore) and the serving layer, supervised");
        for (Service service : services) {
            ChildProcess process = start(supervisor, service);
            info("%-13s ready (pid %s, log: %s)".formatted(service.name(), process.pid(), relative(var, process.logFile())));
        }
        info("speed-layer   %s   (checkpoint: %s)".formatted(speedMetrics, var.resolve("speed-layer/checkpoint")));
        info("archiver      Kafka -> %s   (metrics: http://127.0.0.1:%s/metrics)".formatted(archive.resolve("raw"), archiverMetricsPort));
        info("hive-server   jdbc:hive2://127.0.0.1:%s/default".formatted(hivePort));
        info("serving-layer %s   (the analytics dashboard: %s/dashboard)".formatted(serving, serving));
        if (prometheus.isPresent()) {
            Path directory = var.resolve("prometheus");
            Path configuration = PrometheusProcess.configure(directory, Path.of("infra/prometheus/alerts.yml"),
                    Map.of("booking-app", bookingPort, "serving-layer", servingPort, "speed-layer", speedMetricsPort, "archiver", archiverMetricsPort,
                            "notifier", notifierMetricsPort, "payments-sandbox", sandboxPort));
            ChildProcess process = start(supervisor, PrometheusProcess.service(prometheus.get(), directory, configuration, prometheusPort));
            info("prometheus    http://127.0.0.1:%s   (alerts: /alerts; rules: infra/prometheus/alerts.yml; pid %s)".formatted(prometheusPort, process.pid()));
        }
        else {
            info("prometheus    not started: no prometheus on the PATH (apt-get install prometheus; docs/operations.md)");
        }
        info("a service that dies is restarted, and said so here; to restart one by hand, stop it and the supervisor starts it again:");
        info("  kill -TERM $(head -1 %s)".formatted(relative(var, supervisor.process("speed-layer").pidFile())));

        if (loop) {
            step("The whole loop, once (HOTEL_LAMBDA_LOOP=off skips it)");
            Map<String, String> jobSettings = new HashMap<>(batchSettings);
            jobSettings.put("BATCH_REDIS_URI", stack.redis().uri());
            BookingLoop bookings = new BookingLoop(base, adminToken, payments, mail::received, Quickstart::info);
            bookings.start();
            QuickstartLoop views = new QuickstartLoop(base, serving, var.resolve("batch-jobs"), jobSettings, Quickstart::info);
            views.run(history);
            new SearchLoop(base, stack.redis().uri(), Quickstart::info).run();
            bookings.finish();
            // the booking loop's hotel: yesterday's history from the batch, today's bookings from the speed layer
            views.revenue(SampleHotels.ids(base, 1).get(0));
            views.supplyDemand(SampleHotels.ids(base, 1).get(0));
        }

        step("Ready");
        System.out.println("""
                  Open the pages in a browser:
                    guests: %1$s/   (search "Amsterdm", pick dates, book, pay on the sandbox page, "My bookings")
                    staff:  %1$s/staff   (sign in with the token in %2$s; onboard and edit hotels and room types, calendars,
                            closed nights, prices beside the suggested ones, bookings, rooms and revenue charts)
                    analytics dashboard: %4$s/dashboard   (views with W, top hotels, revenue, occupancy, ADR, RevPAR, pickup,
                            supply and demand per room type and night, audits)
                    API documents: %1$s/api-docs and %4$s/api-docs (OpenAPI 3 at /openapi.json)
                  Try the API:
                    curl -s %1$s/v1/hotels?city=Amsterdam
                    curl -s %1$s/v1/hotels/1
                    curl -s -X POST %1$s/v1/views -H 'Content-Type: application/json' \\
                         -d '{"hotel_id": 1, "viewer_id": "me", "country": "NL", "device": "desktop"}'
                  Writes need a token: the admin token (any hotel), or a staff token an admin issues for one hotel:
                    export TOKEN=$(cat %2$s)
                    curl -s -X POST %1$s/v1/hotels/1/staff-tokens -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"label": "front desk"}'
                    curl -s -X PUT %1$s/v1/hotels/1 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
                         -d '{"name": "Canal House Amsterdam", "city": "Amsterdam", "country": "NL", "address": "Keizersgracht 148", "star_rating": 5}'
                  Search as a guest types (typos, accents, dates, prices; README.md, "Search"):
                    curl -s '%1$s/v1/search?city=Amsterdm'
                    curl -s "%1$s/v1/search?q=Zurich&check_in=$(date -u -d '+7 days' +%%F)&check_out=$(date -u -d '+9 days' +%%F)&max_price=40000"
                  Book a room (README.md, "Reservations" and "Payments" have the whole walk: hold, pay, cancel, list):
                    curl -s -X POST %1$s/v1/guests -H 'Content-Type: application/json' -d '{"email": "me@example.org", "name": "Me"}'
                    curl -s "%1$s/v1/hotels/1/availability?check_in=$(date -u -d '+7 days' +%%F)&check_out=$(date -u -d '+9 days' +%%F)&rooms=1"
                  Pay on the sandbox's checkout page (the payment's checkout_url), and read the mail it causes:
                    ls var/mail/ && cat var/mail/*.eml | less
                  Watch the view events arrive in Kafka: see README.md, "Watching events".
                  Watch the speed layer count them in Redis, about a second later:
                    bin/speed-counts 1
                    curl -s %3$s
                  The archive, and the nightly job for a closed day (README.md, "Batch layer"):
                    bin/batch verify
                    bin/batch daily --date $(date -u -d yesterday +%%F)
                  Query it as an analyst:
                    bin/beeline -e 'SHOW TABLES'
                  Merged counts (batch before the watermark W, speed from W on; every answer states W):
                    curl -s '%4$s/v1/views?hotel_id=1'
                    curl -s '%4$s/v1/hotels/1/stats?granularity=hour'
                    curl -s '%4$s/v1/hotels/top?city=Amsterdam'
                    curl -s '%4$s/v1/hotels/1/revenue'          # booking numbers per currency, at the bookings' watermark
                    curl -s '%4$s/v1/hotels/1/supply-demand'    # per room type and night: sold, pickup, searches, suggested price
                    curl -s '%4$s/v1/cities/amsterdam/demand'   # a city's nights for pricing models
                  Every process's Prometheus metrics (docs/operations.md lists them and the alerts; Prometheus itself
                  runs on 127.0.0.1:9090 when `prometheus` is on the PATH):
                    curl -s %4$s/metrics        # the serving layer: W, the replica, the newest audit, requests, Redis memory
                    curl -s %1$s/metrics        # booking-app: requests, reservations, the outbox, the sweeper, consumer lag
                    curl -s http://127.0.0.1:19400/metrics   # the speed layer; 19401 the archiver, 19402 the notifier
                  A service that dies is restarted by the supervisor. Ctrl-C (or kill -TERM $(cat %5$s)
                  when started in the background) stops everything; rm -rf var/ resets all state.
                """.formatted(base, var.resolve("booking-app/admin-token"), speedMetrics, serving, var.resolve("run/quickstart.pid")));
        stopped.await();
    }

    /** The {@code BATCH_*} settings of the Hive server here, and of {@code bin/batch} (which reads the same defaults). */
    private static Map<String, String> batchSettings(Path archive, LocalStack stack, int hivePort, int metastorePort)
    {
        return Map.of(
                "BATCH_SPARK_MASTER", "local[1]",
                "BATCH_ARCHIVE_ROOT", archive.resolve("raw").toString(),
                "BATCH_WAREHOUSE", archive.resolve("warehouse").toUri().toString(),
                "BATCH_METASTORE_DIRECTORY", archive.resolve("metastore").toString(),
                "BATCH_METASTORE_JDBC_URL", "jdbc:derby://127.0.0.1:%s/metastore;create=true".formatted(metastorePort),
                "BATCH_SERVING_JDBC_URL", stack.postgres().jdbcUrl(LocalStack.DATABASE),
                "BATCH_HIVE_PORT", Integer.toString(hivePort));
    }

    /** The sandbox provider's address and the secrets booking-app and it share. */
    record Payments(String url, String apiKey, String webhookSecret) {}

    private static ChildProcess startBookingApp(String classpath, Path directory, int port, LocalStack stack, String adminToken, Payments payments, String holdTtl,
            String servingUrl)
    {
        List<String> command = ChildProcess.javaCommand(
                List.of("-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn"),
                classpath, BOOKING_APP_MAIN, List.of());
        Map<String, String> environment = Map.of(
                "BOOKING_APP_HTTP_PORT", Integer.toString(port),
                "BOOKING_APP_DB_URL", stack.postgres().jdbcUrl(LocalStack.DATABASE),
                "BOOKING_APP_KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers(),
                "BOOKING_APP_ADMIN_TOKEN", adminToken,
                "BOOKING_APP_PAYMENTS_URL", payments.url(),
                "BOOKING_APP_PAYMENTS_API_KEY", payments.apiKey(),
                "BOOKING_APP_PAYMENTS_WEBHOOK_SECRET", payments.webhookSecret(),
                "BOOKING_APP_HOLD_TTL", holdTtl,
                "BOOKING_APP_SERVING_URL", servingUrl,
                // the loop publishes a day of suggestions and shows them applied: look for one every 10 s, not 10 min
                "BOOKING_APP_AUTO_PRICING_INTERVAL", "10s");
        return ChildProcess.start("booking-app", BOOKING_APP_MAIN, command, directory, environment, directory.resolve("booking-app.log"), directory.resolve("booking-app.pid"), "TERM");
    }

    /** Starts a service under the supervisor; one that does not become ready ends the quickstart. */
    private static ChildProcess start(Supervisor supervisor, Service service)
    {
        try {
            return supervisor.start(service);
        }
        catch (IllegalStateException e) {
            fail(e.getMessage());
            throw e;
        }
    }

    /** A random secret (the admin token, the sandbox's keys) kept in var/ (owner-only), so it survives restarts and never hits the log. */
    private static String secret(Path file, String prefix)
            throws IOException
    {
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        Files.createDirectories(file.getParent());
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String token = prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), token + "\n");
        return token;
    }

    private static void refuseSecondLauncher(Path pidFile)
            throws IOException
    {
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                    && ProcessHandle.of(pid).flatMap(handle -> handle.info().commandLine()).orElse("").contains(Quickstart.class.getName())) {
                fail("a quickstart is already running (pid %s); stop it first".formatted(pid));
            }
        }
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        pidFile.toFile().deleteOnExit();
    }

    private static void requireJava17()
    {
        if (Runtime.version().feature() < 17) {
            fail("Java 17 or newer is needed; this is " + Runtime.version());
        }
    }

    /** {@code var/...} as the README writes it, when the state directory is below the working directory. */
    private static Path relative(Path var, Path file)
    {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = file.toAbsolutePath();
        return absolute.startsWith(here) ? here.relativize(absolute) : absolute;
    }

    private static void step(String title)
    {
        System.out.println("\n== " + title);
    }

    private static void info(String line)
    {
        System.out.println("  " + line);
    }

    private static void fail(String message)
    {
        System.err.println("quickstart: " + message);
        System.exit(1);
    }
}
