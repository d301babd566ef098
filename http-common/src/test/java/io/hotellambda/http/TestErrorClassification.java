package io.hotellambda.http;

import io.hotellambda.schemas.DomainException;
import io.hotellambda.schemas.ValidationException;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors by meaning, on a real server: what a handler throws decides the status, never its Java type alone. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestErrorClassification
{
    private final ProblemMapper problems = new ProblemMapper(ApiJson.mapper());
    private Javalin server;

    @BeforeAll
    void start()
    {
        server = Javalin.create(javalin -> {
            javalin.showJavalinBanner = false;
            javalin.jetty.modifyServer(problems::installOn);
        });
        problems.register(server);
        server.get("/invalid", ctx -> {
            throw new ValidationException("field[x] must be positive");
        });
        server.get("/bug", ctx -> {
            // a NumberFormatException from parsing a stored value is a bug here, not the client's mistake
            throw new NumberFormatException("For input string: \"secret internal value\"");
        });
        server.get("/missing", ctx -> {
            throw DomainException.notFound("Hotel[7] not found");
        });
        server.get("/conflict", ctx -> {
            throw DomainException.conflict("the name is taken");
        });
        server.get("/outage", ctx -> {
            throw DomainException.unavailable("cannot read the hotel: the database is unavailable", new IllegalStateException("connection refused"));
        });
        server.start("127.0.0.1", 0);
    }

    @AfterAll
    void stop()
    {
        server.stop();
    }

    @Test
    void aValidationErrorIsA400ThatSaysWhatToFix()
    {
        HostileRequests.Response response = get("/invalid", 400);
        assertThat(response.body()).contains("field[x] must be positive");
    }

    @Test
    void anUnexpectedExceptionIsA500WithoutInternalsCountedOnce()
    {
        long before = problems.unexpectedErrors();
        HostileRequests.Response response = get("/bug", 500);
        assertThat(response.body()).doesNotContain("secret", "NumberFormat", "java.").contains("an unexpected error occurred");
        assertThat(problems.unexpectedErrors()).isEqualTo(before + 1);
    }

    @Test
    void domainFailuresAreAnsweredByTheirKind()
    {
        assertThat(get("/missing", 404).body()).contains("Hotel[7] not found");
        assertThat(get("/conflict", 409).body()).contains("the name is taken");
        HostileRequests.Response outage = get("/outage", 503);
        assertThat(outage.header("Retry-After")).isEqualTo("1");
        assertThat(outage.body()).doesNotContain("connection refused");
    }

    private HostileRequests.Response get(String path, int status)
    {
        return HostileRequests.check(server.port(), new HostileRequests.Case(path, "GET", path, List.of(), new byte[0], status, null));
    }
}
