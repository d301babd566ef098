package io.hotellambda.booking;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.hotellambda.booking.auth.ApiTokenRepository;
import io.hotellambda.booking.auth.Authenticator;
import io.hotellambda.booking.catalog.BookingSettingsRepository;
import io.hotellambda.booking.catalog.BookingSettingsRoutes;
import io.hotellambda.booking.catalog.HotelRepository;
import io.hotellambda.booking.guests.GuestRepository;
import io.hotellambda.booking.guests.GuestRoutes;
import io.hotellambda.booking.idempotency.IdempotencyKeys;
import io.hotellambda.booking.inventory.InventoryRepository;
import io.hotellambda.booking.inventory.InventoryRoutes;
import io.hotellambda.booking.inventory.InventoryService;
import io.hotellambda.booking.inventory.SaleWindow;
import io.hotellambda.booking.outbox.Outbox;
import io.hotellambda.booking.outbox.OutboxRelay;
import io.hotellambda.booking.payments.PaymentProvider;
import io.hotellambda.booking.pricing.AutoPricing;
import io.hotellambda.booking.payments.PaymentRepository;
import io.hotellambda.booking.payments.PaymentRoutes;
import io.hotellambda.booking.payments.PaymentService;
import io.hotellambda.booking.payments.RefundSender;
import io.hotellambda.booking.payments.SandboxPaymentProvider;
import io.hotellambda.booking.reservations.ReservationRepository;
import io.hotellambda.booking.reservations.ReservationRoutes;
import io.hotellambda.booking.reservations.ReservationService;
import io.hotellambda.metrics.PrometheusText;
import io.hotellambda.booking.catalog.HotelRoutes;
import io.hotellambda.http.ApiDocs;
import io.hotellambda.http.HttpMetrics;
import io.hotellambda.http.ApiJson;
import io.hotellambda.http.JsonBodies;
import io.hotellambda.http.ProblemMapper;
import io.hotellambda.booking.views.EventPublisher;
import io.hotellambda.booking.views.HotelDirectory;
import io.hotellambda.booking.views.PageViewRecorder;
import io.hotellambda.booking.search.Popularity;
import io.hotellambda.booking.search.SearchRecorder;
import io.hotellambda.booking.search.SearchRepository;
import io.hotellambda.booking.search.SearchRoutes;
import io.hotellambda.booking.search.SearchService;
import io.hotellambda.booking.views.ViewRoutes;
import io.hotellambda.booking.web.ErrorPages;
import io.hotellambda.booking.web.GuestPages;
import io.hotellambda.booking.web.StaffCatalogPages;
import io.hotellambda.booking.web.StaffPages;
import io.hotellambda.booking.web.Templates;
import io.hotellambda.booking.web.WebSession;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.Migrations;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;

import org.apache.kafka.clients.producer.Producer;

import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * booking-app wired together: PostgreSQL (migrated at start-up), the Kafka producer, and the
 * HTTP routes. {@link #start} is what {@link Main} and the tests call; {@link #close} stops the
 * server first, then flushes the producer, then closes the pool.
 */
public final class BookingApp
        implements AutoCloseable
{
    private static final int SWEEP_BATCH = 500;
    private static final int RELAY_BATCH = 500;
    private static final int REAP_BATCH = 10_000;
    private static final int LIFECYCLE_BATCH = 1000;
    /** How long a scrape waits for the database and Kafka before it reports them unknown. */
    private static final Duration METRICS_DEADLINE = Duration.ofSeconds(3);

    private final Javalin server;
    private final ExecutorService responses;
    private final EventPublisher publisher;
    private final BackgroundTasks background;
    private final OutboxRelay relay;
    private final Producer<String, byte[]> relayProducer;
    private final HikariDataSource dataSource;
    private final KafkaConsumerLag consumerLag;
    private final BookingGauges gauges;

    private BookingApp(Javalin server, ExecutorService responses, EventPublisher publisher, BackgroundTasks background, OutboxRelay relay,
            Producer<String, byte[]> relayProducer, HikariDataSource dataSource, KafkaConsumerLag consumerLag, BookingGauges gauges)
    {
        this.gauges = gauges;
        this.consumerLag = consumerLag;
        this.server = server;
        this.responses = responses;
        this.publisher = publisher;
        this.background = background;
        this.relay = relay;
        this.relayProducer = relayProducer;
        this.dataSource = dataSource;
    }

    public static BookingApp start(BookingAppConfig config)
    {
        return start(config, Clock.systemUTC());
    }

    /** booking-app on {@code clock}: the tests move it to expire holds without waiting. */
    public static BookingApp start(BookingAppConfig config, Clock clock)
    {
        HikariDataSource dataSource = dataSource(config);
        // the sweeper and the relay keep their pace while a refund waits on the provider
        BackgroundTasks background = new BackgroundTasks(3);
        Producer<String, byte[]> relayProducer = null;
        KafkaConsumerLag consumerLag = null;
        BookingGauges gauges = null;
        try {
            Migrations.catalog(dataSource);
            ApiTokenRepository tokens = new ApiTokenRepository(dataSource);
            config.adminToken().ifPresent(tokens::ensureAdmin);

            ObjectMapper json = ApiJson.mapper();
            ProblemMapper problems = new ProblemMapper(json);
            JsonBodies bodies = new JsonBodies(json);
            EventCodec codec = new EventCodec();
            EventPublisher publisher = new EventPublisher(EventPublisher.kafkaProducer(config.kafkaBootstrapServers(), config.produceTimeout()), codec, config.produceTimeout(), clock);
            Transactions transactions = new Transactions(dataSource);
            SaleWindow saleWindow = new SaleWindow(clock, config.inventoryHorizonDays());
            InventoryRepository inventory = new InventoryRepository();
            HotelRepository hotels = new HotelRepository(dataSource, inventory, saleWindow);
            GuestRepository guests = new GuestRepository(dataSource);
            Authenticator authenticator = new Authenticator(tokens, guests);
            Outbox outbox = new Outbox(codec);
            IdempotencyKeys keys = new IdempotencyKeys();
            ReservationRepository reservationRepository = new ReservationRepository();
            PaymentRepository paymentRepository = new PaymentRepository();
            BookingSettingsRepository settings = new BookingSettingsRepository();
            PaymentProvider provider = new SandboxPaymentProvider(config.paymentsUrl(), config.paymentsApiKey(), config.paymentsWebhookSecret(),
                    config.paymentsWebhookTolerance(), json);
            RefundSender refunds = new RefundSender(transactions, paymentRepository, provider, clock);
            ReservationService reservations = new ReservationService(transactions, hotels, inventory, reservationRepository, keys,
                    outbox, json, clock, config.holdTtl(), saleWindow, settings, paymentRepository, refunds);
            PaymentService payments = new PaymentService(transactions, reservations, reservationRepository, inventory, paymentRepository, provider, refunds,
                    keys, outbox, json, clock);
            relayProducer = EventPublisher.kafkaProducer(config.kafkaBootstrapServers(), config.produceTimeout());
            OutboxRelay relay = new OutboxRelay(() -> DriverManager.getConnection(config.databaseUrl(), config.databaseUser(), config.databasePassword()),
                    outbox, relayProducer, clock, RELAY_BATCH, config.produceTimeout().plusSeconds(1));
            HotelDirectory directory = new HotelDirectory(hotels, config.hotelCacheTtl());
            PageViewRecorder pageViews = new PageViewRecorder(publisher, clock);
            SearchRecorder searches = new SearchRecorder(publisher);
            Popularity popularity = new Popularity(config.servingUrl(), json, clock, config.popularityTimeout(), config.popularityTtl());
            ExecutorService responses = responseExecutor();

            HttpMetrics httpMetrics = new HttpMetrics();
            consumerLag = new KafkaConsumerLag(config.kafkaBootstrapServers(), Duration.ofSeconds(2));
            Javalin server = Javalin.create(javalin -> {
                javalin.showJavalinBanner = false;
                // requests by route and status, with a latency histogram (/metrics)
                httpMetrics.install(javalin);
                javalin.jsonMapper(new JavalinJackson(json, false));
                javalin.http.maxRequestSize = Math.max(config.maxBatchBytes(), config.maxRequestBytes());
                // a known path with the wrong method is a 405 that says which methods it takes, not a 404
                javalin.http.prefer405over404 = true;
                javalin.jetty.modifyServer(problems::installOn);
                // the pages' own script and style sheet, and htmx from its WebJar
                javalin.staticFiles.add(files -> {
                    files.hostedPath = "/assets";
                    files.directory = "/web";
                    files.location = Location.CLASSPATH;
                    files.headers = Map.of("Cache-Control", "max-age=300", "X-Content-Type-Options", "nosniff");
                });
                javalin.staticFiles.enableWebjars();
            });
            problems.register(server);
            // a row is late once the relay has had two rounds, each allowed the produce timeout, to send it
            Duration outboxLate = config.outboxRelayInterval().plus(config.produceTimeout()).multipliedBy(2);
            BookingMetrics metrics = new BookingMetrics(() -> transactions.run("read the outbox backlog", connection -> outbox.backlog(connection, clock.instant())),
                    outboxLate, publisher::failing, pageViews::unconfirmedCount, searches::unconfirmedCount, popularity::failures, problems::unexpectedErrors, background::unexpectedErrors);
            server.get("/health", ctx -> ctx.json(metrics.health()));
            gauges = new BookingGauges(httpMetrics.registry(), transactions, reservationRepository, keys, outbox, consumerLag, clock, METRICS_DEADLINE);
            BookingGauges scraped = gauges;
            // a scrape answers within the deadline, with NaN for what the database did not answer in time
            server.get("/metrics", ctx -> ctx.contentType(PrometheusText.CONTENT_TYPE).result(metrics.prometheus(scraped.refresh()) + httpMetrics.scrape()));
            new HotelRoutes(hotels, tokens, authenticator, bodies, directory, pageViews, config.maxRequestBytes()).register(server);
            new GuestRoutes(guests, bodies, config.maxRequestBytes()).register(server);
            SearchService searchService = new SearchService(new SearchRepository(dataSource), popularity, searches, clock, config.inventoryHorizonDays());
            new SearchRoutes(searchService, bodies).register(server);
            InventoryService inventoryService = new InventoryService(transactions, hotels, inventory, saleWindow);
            new InventoryRoutes(inventoryService, authenticator, bodies, config.maxRequestBytes()).register(server);
            new ReservationRoutes(reservations, authenticator, bodies, config.maxRequestBytes()).register(server);
            new PaymentRoutes(payments, provider, authenticator).register(server);
            new BookingSettingsRoutes(transactions, settings, hotels, authenticator, bodies, clock, config.maxRequestBytes()).register(server);
            new ViewRoutes(directory, publisher, bodies, problems, clock, responses, config.maxBatchEvents(), config.maxBatchBytes(), config.maxRequestBytes()).register(server);
            AutoPricing pricing = new AutoPricing(transactions, config.autoPricingDatabaseUrl().<AutoPricing.Suggestions>map(url ->
                    () -> DriverManager.getConnection(url, config.databaseUser(), config.databasePassword())).orElse(dataSource::getConnection),
                    inventory, outbox, clock);
            Templates templates = new Templates();
            WebSession session = new WebSession(authenticator);
            problems.renderPagesWith(new ErrorPages(session, templates));
            new GuestPages(searchService, hotels, inventoryService, reservations, payments, guests, pageViews, session, templates, json).register(server);
            // the catalog forms first: /staff/hotels/new is not a hotel id
            new StaffCatalogPages(hotels, directory, session, templates).register(server);
            new StaffPages(hotels, inventoryService, reservations, pricing, session, templates, clock).register(server);
            ApiDocs.register(server, "hotel-lambda booking-app");
            server.start(config.httpHost(), config.httpPort());
            background.every("inventory roll-forward", Duration.ofHours(1), Integer.MAX_VALUE, () -> transactions.run("roll the inventory forward",
                    connection -> inventory.extendHorizon(connection, clock.instant(), config.inventoryHorizonDays(), Optional.empty())));
            background.every("hold sweeper", config.sweeperInterval(), SWEEP_BATCH, () -> reservations.expireHolds(SWEEP_BATCH));
            background.every("outbox relay", config.outboxRelayInterval(), RELAY_BATCH, relay::publishOnce);
            background.every("refund sender", config.refundRetryInterval(), Integer.MAX_VALUE, refunds::sendPending);
            background.every("stay completion", config.lifecycleInterval(), LIFECYCLE_BATCH, () -> reservations.completeStays(LIFECYCLE_BATCH));
            background.every("reservation archiver", config.lifecycleInterval(), LIFECYCLE_BATCH, () -> reservations.archive(config.archiveRetention(), LIFECYCLE_BATCH));
            background.every("automatic pricing", config.autoPricingInterval(), Integer.MAX_VALUE, () -> {
                pricing.applyNewest();
                return 0;
            });
            background.every("idempotency-key reaper", Duration.ofMinutes(10), REAP_BATCH, () -> reservations.reapIdempotencyKeys(config.idempotencyRetention(), REAP_BATCH));
            return new BookingApp(server, responses, publisher, background, relay, relayProducer, dataSource, consumerLag, gauges);
        }
        catch (RuntimeException e) {
            background.close();
            if (gauges != null) {
                gauges.close();
            }
            if (consumerLag != null) {
                consumerLag.close();
            }
            if (relayProducer != null) {
                relayProducer.close(Duration.ZERO);
            }
            dataSource.close();
            throw e;
        }
    }

    /** Writes ingestion responses once Kafka acknowledged; one thread per core is enough. */
    private static ExecutorService responseExecutor()
    {
        AtomicInteger threads = new AtomicInteger();
        return Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), runnable -> {
            Thread thread = new Thread(runnable, "view-responses-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    private static HikariDataSource dataSource(BookingAppConfig config)
    {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.databaseUrl());
        hikari.setUsername(config.databaseUser());
        hikari.setPassword(config.databasePassword());
        hikari.setMaximumPoolSize(config.databasePoolSize());
        // a request waits at most this long for a connection: a database outage is a quick 503
        hikari.setConnectionTimeout(2000);
        hikari.setPoolName("booking-app");
        return new HikariDataSource(hikari);
    }

    public int port()
    {
        return server.port();
    }

    /** Every route served, as {@code "GET /path"}: what {@code /openapi.json} must document. */
    public java.util.SortedSet<String> routes()
    {
        return ApiDocs.routes(server);
    }

    @Override
    public void close()
    {
        server.stop();
        background.close();
        relay.close();
        relayProducer.close(Duration.ofSeconds(5));
        responses.shutdown();
        publisher.close();
        gauges.close();
        consumerLag.close();
        dataSource.close();
    }
}
