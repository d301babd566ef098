package io.hotellambda.booking;

import com.fasterxml.jackson.databind.JsonNode;
import io.hotellambda.http.OpenApiDocument;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.TestingLocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** booking-app's {@code /openapi.json} documents every route it serves, API and pages, and nothing it does not. */
@ExtendWith(TestingLocalStack.class)
class TestApiDocs
{
    @Test
    void theOpenApiDocumentListsEveryRouteAndNoOther(LocalStack stack)
    {
        try (TestingBookingApp booking = new TestingBookingApp(stack)) {
            JsonNode document = OpenApiDocument.fetch(booking.uri("/"));
            assertThat(OpenApiDocument.operations(document)).isEqualTo(booking.routes());
            assertThat(document.path("paths").path("/v1/reservations").path("post").path("parameters").toString()).contains("Idempotency-Key");
        }
    }
}
