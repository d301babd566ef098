package io.hotellambda.booking;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.hotellambda.booking.auth.ApiTokenRepository;
import io.hotellambda.booking.auth.Authenticator;
import io.hotellambda.booking.catalog.HotelRepository;
import io.hotellambda.booking.catalog.HotelRoutes;
import io.hotellambda.http.ApiJson;
import io.hotellambda.http.JsonBodies;
import io.hotellambda.http.ProblemMapper;
import io.hotellambda.booking.views.EventPublisher;
import io.hotellambda.booking.views.HotelDirectory;
import io.hotellambda.booking.views.PageViewRecorder;
import io.hotellambda.booking.views.ViewRoutes;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.Migrations;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;

import java.time.Clock;
import java.util.Map;
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
    private final Javalin server;
    private final ExecutorService responses;
    private final EventPublisher publisher;
    private final HikariDataSource dataSource;

    private BookingApp(Javalin server, ExecutorService responses, EventPublisher publisher, HikariDataSource dataSource)
    {
        this.server = server;
        this.responses = responses;
        this.publisher = publisher;
        this.dataSource = dataSource;
    }

    public static BookingApp start(BookingAppConfig config)
    {
        HikariDataSource dataSource = dataSource(config);
        try {
            Migrations.catalog(dataSource);
            ApiTokenRepository tokens = new ApiTokenRepository(dataSource);
            config.adminToken().ifPresent(tokens::ensureAdmin);

            ObjectMapper json = ApiJson.mapper();
            ProblemMapper problems = new ProblemMapper(json);
            JsonBodies bodies = new JsonBodies(json);
            Clock clock = Clock.systemUTC();
            EventPublisher publisher = new EventPublisher(EventPublisher.kafkaProducer(config.kafkaBootstrapServers(), config.produceTimeout()), new EventCodec(), config.produceTimeout());
            HotelRepository hotels = new HotelRepository(dataSource);
            HotelDirectory directory = new HotelDirectory(hotels, config.hotelCacheTtl());
            PageViewRecorder pageViews = new PageViewRecorder(publisher, clock);
            ExecutorService responses = responseExecutor();

            Javalin server = Javalin.create(javalin -> {
                javalin.showJavalinBanner = false;
                javalin.jsonMapper(new JavalinJackson(json, false));
                javalin.http.maxRequestSize = Math.max(config.maxBatchBytes(), config.maxRequestBytes());
                // a known path with the wrong method is a 405 that says which methods it takes, not a 404
                javalin.http.prefer405over404 = true;
                javalin.jetty.modifyServer(problems::installOn);
            });
            problems.register(server);
            server.get("/health", ctx -> ctx.json(Map.of("status", "ok", "page_views_unconfirmed", pageViews.unconfirmedCount(),
                    "unexpected_errors", problems.unexpectedErrors())));
            new HotelRoutes(hotels, tokens, new Authenticator(tokens), bodies, directory, pageViews, config.maxRequestBytes()).register(server);
            new ViewRoutes(directory, publisher, bodies, problems, clock, responses, config.maxBatchEvents(), config.maxBatchBytes(), config.maxRequestBytes()).register(server);
            server.start(config.httpHost(), config.httpPort());
            return new BookingApp(server, responses, publisher, dataSource);
        }
        catch (RuntimeException e) {
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

    @Override
    public void close()
    {
        server.stop();
        responses.shutdown();
        publisher.close();
        dataSource.close();
    }
}
