package io.hotellambda.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one place errors become HTTP responses: every failure is an RFC 9457
 * {@code application/problem+json} body with {@code type}, {@code title}, {@code status},
 * {@code detail} and {@code instance}. Client mistakes are 4xx with a detail that says what to
 * fix; only a bug or a broken dependency is 5xx, and a 500 never shows internals.
 */
public final class ProblemMapper
{
    public static final String CONTENT_TYPE = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    private final ObjectMapper json;

    public ProblemMapper(ObjectMapper json)
    {
        this.json = json;
    }

    public void register(Javalin app)
    {
        app.exception(ProblemException.class, (e, ctx) -> render(ctx, e));
        app.exception(JsonProcessingException.class, (e, ctx) -> render(ctx, ProblemException.badRequest(describe(e))));
        app.exception(IllegalArgumentException.class, (e, ctx) -> render(ctx, ProblemException.badRequest(e.getMessage())));
        app.exception(HttpResponseException.class, (e, ctx) -> render(ctx, new ProblemException(e.getStatus(), titleOf(e.getStatus()), e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            render(ctx, new ProblemException(500, "Internal Server Error", "an unexpected error occurred; it has been logged"));
        });
    }

    public void render(Context ctx, ProblemException problem)
    {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.getMessage());
        body.put("instance", ctx.path());
        body.putAll(problem.extensions());
        problem.headers().forEach(ctx::header);
        try {
            ctx.status(problem.status()).contentType(CONTENT_TYPE).result(json.writeValueAsBytes(body));
        }
        catch (JsonProcessingException e) {
            ctx.status(problem.status()).contentType(CONTENT_TYPE).result("{\"status\":" + problem.status() + "}");
        }
    }

    /** A JSON error as a sentence that names the field, without parser internals. */
    public static String describe(JsonProcessingException e)
    {
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return e.getCause().getMessage();
        }
        if (e instanceof UnrecognizedPropertyException unrecognized) {
            return "unknown field[%s]; known fields: %s".formatted(unrecognized.getPropertyName(), unrecognized.getKnownPropertyIds());
        }
        if (e instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
            String path = mismatched.getPath().stream()
                    .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            Class<?> type = mismatched.getTargetType();
            if (type != null && type.isArray() && mismatched.getPath().get(mismatched.getPath().size() - 1).getIndex() >= 0) {
                // an element of an array is wrong: name what the element should be
                type = type.getComponentType();
            }
            return "field[%s] has the wrong type; expected %s".formatted(path, jsonName(type));
        }
        String message = e.getOriginalMessage();
        int newline = message == null ? -1 : message.indexOf('\n');
        return "malformed JSON: " + (newline < 0 ? message : message.substring(0, newline));
    }

    /** What a client sends for {@code type}, in JSON's words rather than Java's. */
    private static String jsonName(Class<?> type)
    {
        if (type == null) {
            return "a value";
        }
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class || type == short.class || type == Short.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class || type == BigDecimal.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return type.getSimpleName();
    }

    private static String titleOf(int status)
    {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Server Error" : "Client Error";
        };
    }
}
