package io.hotellambda.serving.dashboard;

import io.hotellambda.http.TestingBrowser;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.PostgresServer;
import io.hotellambda.infra.TestingClock;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.Migrations;
import io.hotellambda.schemas.ServingTables;
import io.hotellambda.schemas.SpeedChanges;
import io.hotellambda.schemas.SpeedCounter;
import io.hotellambda.schemas.SpeedHeartbeat;
import io.hotellambda.serving.ServingLayer;
import io.hotellambda.serving.TestingServingConfig;
import io.hotellambda.serving.demand.SupplyDemandRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Dimension;
import redis.clients.jedis.JedisPooled;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analytics dashboard in Debian's Chromium against a serving layer over real PostgreSQL and
 * Redis: three days published by the batch (W at the 22nd's midnight), today's hours in the speed
 * layer, a day of supply and demand, and both audits' days. Every chart must be drawn with data,
 * from the API, under the page's policy (no inline script), and W must be shown and drawn.
 */
@ExtendWith(TestingLocalStack.class)
class TestDashboardPage
{
    private static final LocalDate TODAY = LocalDate.parse("2026-11-22");
    private static final Instant W = TODAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Instant NOW = W.plus(Duration.ofMinutes(14 * 60 + 30));
    private static final List<String> CHARTS = List.of("views-chart", "top-chart", "stay-chart", "pickup-chart", "heatmap-chart", "audit-chart");

    @RegisterExtension
    final TestingBrowser browser = new TestingBrowser();

    private LocalStack stack;
    private ServingLayer serving;

    @BeforeAll
    static void migrate(LocalStack stack)
    {
        Migrations.catalog(stack.postgres().jdbcUrl(LocalStack.DATABASE), PostgresServer.USER, "");
        Migrations.serving(stack.postgres().jdbcUrl(LocalStack.DATABASE), PostgresServer.USER, "");
    }

    @BeforeEach
    void start(LocalStack stack)
            throws Exception
    {
        this.stack = stack;
        try (Connection db = stack.postgres().connect(LocalStack.DATABASE)) {
            db.createStatement().execute("TRUNCATE serving.hotel_daily_views, serving.hotel_hourly_views, serving.batch_days, serving.batch_watermark, "
                    + "serving.hotel_view_totals, serving.audit_days, serving.audit_booking_days, serving.supply_demand, serving.supply_demand_days");
            db.createStatement().execute("DELETE FROM hotels");
            db.createStatement().execute("""
                    INSERT INTO hotels (id, name, city, country, address, star_rating) VALUES
                        (1, 'Canal House', 'Amsterdam', 'NL', 'Keizersgracht 1', 4), (2, 'Dam Inn', 'Amsterdam', 'NL', 'Dam 2', 3)""");
            // the batch's three days: hotel 1 viewed 10 times an hour from 08:00 to 17:59, hotel 2 twice
            for (LocalDate day = TODAY.minusDays(3); day.isBefore(TODAY); day = day.plusDays(1)) {
                List<ServingTables.HotelHour> hours = new ArrayList<>();
                for (int hour = 8; hour < 18; hour++) {
                    hours.add(new ServingTables.HotelHour(1, hour, 10));
                    hours.add(new ServingTables.HotelHour(2, hour, 2));
                }
                ServingTables.publish(db, new ServingTables.DayResult(day, true, false, Optional.empty(),
                        List.of(new ServingTables.HotelDay(1, 100, 40), new ServingTables.HotelDay(2, 20, 9)), hours));
            }
            // the nightly supply and demand of yesterday: hotel 1's two room types over the next 7 nights
            List<String> lines = new ArrayList<>();
            for (int night = 0; night < 7; night++) {
                lines.add(SupplyDemandRows.line(1, 11, TODAY.minusDays(1), TODAY.plusDays(night), "amsterdam", 7 - night, 1.1, 11_000));
                lines.add(SupplyDemandRows.line(1, 12, TODAY.minusDays(1), TODAY.plusDays(night), "amsterdam", night % 3, 0.9, 9_000));
            }
            SupplyDemandRows.publish(db, TODAY.minusDays(1), lines);
            db.createStatement().execute("""
                    INSERT INTO serving.audit_days VALUES
                        ('2026-11-20', 2, 120, 120, 0, 0.0, 0.0, NULL, 0, true, '', 0.001, 0.01, false, false, now()),
                        ('2026-11-21', 2, 120, 121, 1, 0.0083, 0.01, 1, 0, false, 'drift 0.83% over 0.1%', 0.001, 0.01, false, false, now())""");
            db.createStatement().execute("""
                    INSERT INTO serving.audit_booking_days VALUES ('2026-11-21', 2, 0, true, '', false, now())""");
        }
        try (JedisPooled redis = new JedisPooled(URI.create(stack.redis().uri()))) {
            redis.flushAll();
            // today in the speed layer: hotel 1 viewed 3 times an hour up to now
            for (Instant hour = W; hour.isBefore(NOW); hour = hour.plus(Duration.ofHours(1))) {
                redis.incrBy(SpeedCounter.VIEWS.key(1, hour), 3);
                redis.incrBy(SpeedCounter.DAILY_VIEWS.key(1, hour), 3);
            }
            SpeedChanges.publish(redis, Map.of(SpeedCounter.Bucket.DAY.of(W), Set.of(1L)));
            SpeedHeartbeat.write(redis, new SpeedHeartbeat.Beat(Instant.now(), Duration.ofDays(7)));
        }
        serving = ServingLayer.start(TestingServingConfig.of(stack), new TestingClock(NOW));
        awaitHealthy();
    }

    @AfterEach
    void stop()
    {
        // each test has a browser of its own (a test instance each): quit, or its chromedriver and Chromium outlive the run
        browser.close();
        if (serving != null) {
            serving.close();
        }
    }

    @Test
    void everyChartIsDrawnFromTheApiWithTheWatermark()
    {
        open("/dashboard?hotel_id=1");

        assertThat(browser.find("#watermark").getText()).isEqualTo("2026-11-22T00:00:00Z");
        assertThat(browser.find("#degraded").isDisplayed()).isFalse();
        for (String chart : CHARTS) {
            assertThat(browser.find("#" + chart + "-error").getText()).as(chart).isEmpty();
            assertThat(valuesPerSeries(chart)).as(chart + ": values per series").isNotEmpty().allSatisfy(values -> assertThat(values).isPositive());
        }
        // the views: hours before W from the batch, from W on from the speed layer, and W drawn between them
        assertThat(script("return echarts.getInstanceByDom(document.getElementById('views-chart')).getOption().series[0].markLine.data[0].xAxis"))
                .isEqualTo(W.toEpochMilli());
        assertThat(valuesPerSeries("views-chart")).containsExactly(9L, 15L);
        // top hotels, the busiest on top; two room types by seven nights; two audited days
        assertThat(script("return echarts.getInstanceByDom(document.getElementById('top-chart')).getOption().yAxis[0].data"))
                .isEqualTo(List.of("hotel 2", "hotel 1"));
        assertThat(valuesPerSeries("heatmap-chart")).containsExactly(14L);
        assertThat(browser.findAllNow("#audits tbody tr")).hasSize(2);
        assertThat(browser.find("#audits tbody tr.failed").getText()).contains("2026-11-21", "failed: drift 0.83% over 0.1%", "passed");

        // at phone width nothing is wider than the screen
        browser.driver().manage().window().setSize(new Dimension(390, 900));
        open("/dashboard");
        assertThat(browser.find("#hotel").getAttribute("value")).as("the top hotel is shown without a hotel id").isEqualTo("1");
        assertThat(script("return document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
    }

    @Test
    void aHotelWithoutDataSaysSoInsteadOfDrawingNothing()
    {
        open("/dashboard?hotel_id=77&granularity=day");

        assertThat(browser.find("#stay-chart-error").getText()).contains("No supply and demand published for hotel 77");
        assertThat(browser.find("#heatmap-chart-error").getText()).contains("No supply and demand published for hotel 77");
        assertThat(browser.find("#granularity").getAttribute("value")).isEqualTo("day");
        assertThat(valuesPerSeries("views-chart")).as("the hotel's days, batch and speed, drawn with no views").hasSize(2);
    }

    private void open(String path)
    {
        browser.open("http://127.0.0.1:%s%s".formatted(serving.port(), path));
        browser.await(driver -> "true".equals(script("return document.body.dataset.loaded")));
    }

    /** How many points with a value each series of a chart has. */
    @SuppressWarnings("unchecked")
    private List<Long> valuesPerSeries(String chart)
    {
        return (List<Long>) script("""
                const instance = echarts.getInstanceByDom(document.getElementById(arguments[0]));
                if (!instance) { return []; }
                return instance.getOption().series.map(s => (s.data || []).filter(point => {
                    const value = point && point.value !== undefined ? point.value : point;
                    return value != null && !(Array.isArray(value) && value[value.length - 1] == null);
                }).length);""", chart);
    }

    private Object script(String script, Object... arguments)
    {
        return browser.driver().executeScript(script, arguments);
    }

    private void awaitHealthy()
            throws Exception
    {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:%s/health".formatted(serving.port()))).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode() != 200) {
            assertThat(System.nanoTime()).as("the batch view is loaded within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
