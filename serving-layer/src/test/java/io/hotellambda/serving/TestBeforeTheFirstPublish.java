package io.hotellambda.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.PostgresServer;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.Migrations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A serving layer on a database no nightly job has published to: booking-app has made its
 * catalog, the serving slice's tables are not there (the batch layer makes them when it first
 * publishes; the serving layer applies no migrations). Every answer is one of no batch, as from
 * empty tables, and nothing of it is an error: it was a 503 "retry shortly" for revenue, supply and
 * demand and audits, and an unexpected error (with its stack trace) at every refresh.
 */
@ExtendWith(TestingLocalStack.class)
class TestBeforeTheFirstPublish
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATABASE = "serving_before_the_first_publish";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyAnswerIsOneOfNoBatchAndNoneIsAnError(LocalStack stack)
            throws Exception
    {
        stack.postgres().createDatabase(DATABASE);
        Migrations.catalog(stack.postgres().jdbcUrl(DATABASE), PostgresServer.USER, "");
        Instant started = Instant.now();
        try (ServingLayer serving = ServingLayer.start(TestingServingConfig.of(stack, DATABASE, Duration.ofMillis(200)), Clock.systemUTC())) {
            int port = serving.port();
            // the batch view refreshes every 200 ms: let it check the tables again a few times
            awaitConfirmedAfter(port, started.plusSeconds(1));

            JsonNode views = get(port, "/v1/views?hotel_id=1", 200);
            assertThat(views.get("watermark").isNull()).isTrue();
            assertThat(views.get("batch_count").asLong()).isZero();

            JsonNode revenue = get(port, "/v1/hotels/1/revenue", 200);
            assertThat(revenue.get("watermark").isNull()).as(revenue.toString()).isTrue();

            JsonNode hotelDemand = get(port, "/v1/hotels/1/supply-demand", 200);
            assertThat(hotelDemand.get("as_of_date").isNull()).as(hotelDemand.toString()).isTrue();
            assertThat(hotelDemand.get("nights")).isEmpty();

            JsonNode cityDemand = get(port, "/v1/cities/lisbon/demand", 200);
            assertThat(cityDemand.get("as_of_date").isNull()).as(cityDemand.toString()).isTrue();

            JsonNode audits = get(port, "/v1/audits", 200);
            assertThat(audits.get("views")).as(audits.toString()).isEmpty();
            assertThat(audits.get("bookings")).isEmpty();

            JsonNode health = get(port, "/health", 200);
            assertThat(health.get("batch_view_error").isNull()).as(health.toString()).isTrue();
            assertThat(health.get("unexpected_errors").asLong()).as(health.toString()).isZero();
        }
    }

    private void awaitConfirmedAfter(int port, Instant after)
            throws Exception
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode health = get(port, "/health", -1);
            JsonNode confirmed = health.path("batch_view_confirmed_at");
            if (confirmed.isTextual() && Instant.parse(confirmed.asText()).isAfter(after)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the batch view was not confirmed current after " + after + ": " + get(port, "/health", -1));
    }

    private JsonNode get(int port, String path, int status)
            throws Exception
    {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        if (status > 0) {
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
        }
        return JSON.readTree(response.body());
    }
}
