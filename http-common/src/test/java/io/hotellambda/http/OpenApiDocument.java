package io.hotellambda.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service's {@code /openapi.json} as the tests read it: the operations it documents, to compare
 * with the routes the service registered ({@link ApiDocs#routes}), and its Swagger UI page.
 */
public final class OpenApiDocument
{
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private OpenApiDocument() {}

    /** Fetches the document from {@code base} and checks it is OpenAPI 3 with a Swagger UI page that loads its script. */
    public static JsonNode fetch(URI base)
    {
        try {
            HttpResponse<String> document = HTTP.send(HttpRequest.newBuilder(base.resolve(ApiDocs.DOCUMENT)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(document.statusCode()).isEqualTo(200);
            assertThat(document.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            JsonNode json = new ObjectMapper().readTree(document.body());
            assertThat(json.path("openapi").asText()).startsWith("3.");
            HttpResponse<String> ui = HTTP.send(HttpRequest.newBuilder(base.resolve(ApiDocs.UI)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ui.statusCode()).isEqualTo(200);
            String script = ui.body().replaceAll("(?s).*<script src=\"([^\"]+)\".*", "$1");
            assertThat(script).endsWith("swagger-ui-bundle.js");
            assertThat(HTTP.send(HttpRequest.newBuilder(base.resolve(script)).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            return json;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The documented operations as {@code "GET /v1/hotels/{id}"}; each also has a summary and its responses. */
    public static TreeSet<String> operations(JsonNode document)
    {
        TreeSet<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                String operation = method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                assertThat(method.getValue().path("summary").asText()).as(operation + " has a summary").isNotBlank();
                assertThat(method.getValue().path("responses").size()).as(operation + " has responses").isPositive();
                operations.add(operation);
            }
        }
        return operations;
    }
}
