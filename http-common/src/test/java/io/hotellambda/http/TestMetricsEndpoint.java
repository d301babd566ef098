package io.hotellambda.http;

import io.hotellambda.http.HostileRequests.Case;
import io.hotellambda.metrics.MetricsEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metrics port of the speed layer, the archiver and the notifier ({@link MetricsEndpoint},
 * which lives in {@code schemas}, below this module): a scrape, and the same problem+json 4xx for
 * hostile requests that the services' ports give.
 */
class TestMetricsEndpoint
{
    private static final AtomicInteger SCRAPES = new AtomicInteger();
    private static MetricsEndpoint endpoint;

    @BeforeAll
    static void start()
    {
        endpoint = MetricsEndpoint.start("127.0.0.1", 0, () -> "# TYPE scrapes counter\nscrapes_total " + SCRAPES.incrementAndGet() + "\n");
    }

    @AfterAll
    static void stop()
    {
        endpoint.close();
    }

    @Test
    void aScrapeGetsTheMetricsMadeForIt()
            throws IOException, InterruptedException
    {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:%s/metrics".formatted(endpoint.port()))).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> second = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:%s/metrics?name[]=x".formatted(endpoint.port()))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(first.body()).startsWith("# TYPE scrapes counter\nscrapes_total ");
        assertThat(second.body()).isNotEqualTo(first.body());
    }

    @Test
    void aHeadSaysTheLengthWithoutTheBody()
    {
        HostileRequests.Response head = HostileRequests.send(endpoint.port(), Case.raw("HEAD", "HEAD /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 200));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(Integer.parseInt(head.header("Content-Length"))).isGreaterThan(20);
    }

    static List<Case> hostile()
    {
        return List.of(
                Case.raw("unknown Transfer-Encoding", "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
                Case.raw("chunked body", "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400),
                Case.raw("a body", "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello", 400),
                Case.raw("two lengths", "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\n", 400),
                Case.raw("a length that is no number", "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n", 400),
                Case.raw("no Host", "GET /metrics HTTP/1.1\r\n\r\n", 400),
                Case.raw("broken request line", "GET\u0001 /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400),
                Case.raw("HTTP/2 request line", "GET /metrics HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n", 400),
                Case.raw("NUL in the path", "GET /metr\u0000ics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400),
                Case.raw("NUL in a header", "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\u0000b\r\n\r\n", 400),
                Case.raw("header without a colon", "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nnonsense\r\n\r\n", 400),
                Case.raw("folded header", "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\r\n b\r\n\r\n", 400),
                Case.raw("another path", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 404),
                Case.raw("a path that starts alike", "GET /metricsx HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 404),
                Case.raw("a POST", "POST /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}", 405),
                Case.raw("URI of 20 KB", "GET /metrics?x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 414),
                Case.raw("header of 20 KB", "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n", 431));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void aRequestItCannotTakeIsAProblem(Case request)
    {
        HostileRequests.Response response = HostileRequests.check(endpoint.port(), request);
        if (request.expectedStatus() == 405) {
            assertThat(response.header("Allow")).isEqualTo("GET, HEAD");
        }
    }

    @Test
    void aClientThatSendsNothingGetsA408AndKeepsNoScrapeWaiting()
            throws IOException, InterruptedException
    {
        try (Socket idle = new Socket("127.0.0.1", endpoint.port())) {
            idle.setSoTimeout(30_000);
            // the idle connection holds one of the two handlers for 5 s; a scrape queued behind it would time out
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:%s/metrics".formatted(endpoint.port())))
                    .timeout(Duration.ofSeconds(4)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            String answer = new String(idle.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 408 ").contains("application/problem+json").contains("\"status\":408");
        }
    }
}
