package io.hotellambda.serving.dashboard;

import io.hotellambda.http.WebJars;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

import java.util.Map;

/**
 * The analytics dashboard ({@code /dashboard}): one static page whose script ({@code
 * /assets/dashboard.js}) draws ECharts (from its WebJar) from this serving layer's own API, as any
 * client would: merged views over time with W and each bucket's source, top hotels, revenue,
 * occupancy, ADR and RevPAR by stay date, the pickup curve, supply and demand per room type and
 * night, and the audits. The page runs no inline script: its policy allows scripts from here only.
 */
public final class DashboardPage
{
    public static final String PATH = "/dashboard";
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static final String PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>hotel-lambda analytics</title>
            <link rel="stylesheet" href="/assets/dashboard.css">
            </head>
            <body>
            <header>
              <h1>hotel-lambda analytics</h1>
              <p class="watermark">Batch watermark W: <strong id="watermark">loading</strong> <span id="degraded" class="degraded" hidden>degraded</span></p>
              <form id="controls" method="get" action="/dashboard">
                <label for="hotel">Hotel id</label>
                <input id="hotel" name="hotel_id" type="number" min="1" inputmode="numeric" placeholder="the top hotel">
                <label for="granularity">Views per</label>
                <select id="granularity" name="granularity">
                  <option value="hour">hour, last 24</option>
                  <option value="day">day, last 7</option>
                </select>
                <label for="city">Top hotels in city</label>
                <input id="city" name="city" maxlength="100" placeholder="all cities">
                <button type="submit">Show</button>
              </form>
              <noscript><p>The charts need JavaScript; their numbers are the API's, listed at <a href="/api-docs">/api-docs</a>.</p></noscript>
            </header>
            <main>
              <section>
                <h2>Views over time <span id="views-hotel"></span></h2>
                <p class="note">Buckets before W are the batch view's exact counts; from W on, the speed layer's.</p>
                <div class="chart" id="views-chart" role="img" aria-label="Views per bucket, by source, with the watermark W"></div>
                <p class="error" id="views-chart-error" role="alert"></p>
              </section>
              <section>
                <h2>Top hotels by views, last 7 days</h2>
                <div class="chart" id="top-chart" role="img" aria-label="The most viewed hotels"></div>
                <p class="error" id="top-chart-error" role="alert"></p>
              </section>
              <section>
                <h2>Revenue, occupancy, ADR and RevPAR by stay date <span id="as-of"></span></h2>
                <div class="chart" id="stay-chart" role="img" aria-label="Room revenue, ADR, RevPAR and occupancy per stay date"></div>
                <p class="error" id="stay-chart-error" role="alert"></p>
              </section>
              <section>
                <h2>Pickup: rooms on the books for the coming nights</h2>
                <div class="chart" id="pickup-chart" role="img" aria-label="Rooms on the books 30, 7 and 1 days before, and now"></div>
                <p class="error" id="pickup-chart-error" role="alert"></p>
              </section>
              <section>
                <h2>Supply and demand per room type and night</h2>
                <p class="note">Occupancy; hover a night for its price and the suggested price.</p>
                <div class="chart" id="heatmap-chart" role="img" aria-label="Occupancy per room type and night"></div>
                <p class="error" id="heatmap-chart-error" role="alert"></p>
              </section>
              <section>
                <h2>Audits: stream against batch</h2>
                <div class="chart" id="audit-chart" role="img" aria-label="The views audit's drift per day"></div>
                <p class="error" id="audit-chart-error" role="alert"></p>
                <table id="audits">
                  <caption>The newest audited days</caption>
                  <thead><tr><th scope="col">Day</th><th scope="col">Views</th><th scope="col">Drift</th><th scope="col">Bookings</th><th scope="col">Differences</th></tr></thead>
                  <tbody></tbody>
                </table>
              </section>
            </main>
            <script src="%s/dist/echarts.min.js"></script>
            <script src="/assets/dashboard.js"></script>
            </body>
            </html>
            """.formatted(WebJars.base("org.webjars.npm", "echarts"));

    private DashboardPage() {}

    /** The page's script and style sheet under {@code /assets}, from the class path's {@code /dashboard}. */
    public static void assets(JavalinConfig javalin)
    {
        javalin.staticFiles.add(files -> {
            files.hostedPath = "/assets";
            files.directory = "/dashboard";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "max-age=300", "X-Content-Type-Options", "nosniff");
        });
    }

    public static void register(Javalin app)
    {
        app.get(PATH, ctx -> ctx
                .header("Cache-Control", "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin")
                .header("Content-Security-Policy", POLICY)
                .html(PAGE));
    }
}
