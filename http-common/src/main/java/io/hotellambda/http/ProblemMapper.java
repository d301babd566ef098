package io.hotellambda.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
        app.exception(HttpResponseException.class, (e, ctx) -> render(ctx, fromJavalin(e, ctx)));
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

    /** Javalin's own 4xx (no route, wrong method) in this API's words; a 405 names the methods the path takes, in its Allow header too. */
    private static ProblemException fromJavalin(HttpResponseException e, Context ctx)
    {
        String methods = e.getDetails().getOrDefault("availableMethods", e.getDetails().get("Available methods"));
        if (e.getStatus() == 405 && methods != null) {
            ctx.header("Allow", methods);
            return new ProblemException(405, titleOf(405), "%s is not allowed on %s; it takes %s".formatted(ctx.method(), ctx.path(), methods));
        }
        return new ProblemException(e.getStatus(), titleOf(e.getStatus()), e.getMessage());
    }

    /** A JSON error as a sentence that names the field and what it should be, in JSON's words: no parser internals, no Java types. */
    public static String describe(JsonProcessingException e)
    {
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return e.getCause().getMessage();
        }
        if (e instanceof UnrecognizedPropertyException unrecognized) {
            return "unknown field[%s]; known fields: %s".formatted(unrecognized.getPropertyName(), unrecognized.getKnownPropertyIds());
        }
        if (e instanceof JsonMappingException mapping) {
            String where = mapping.getPath().isEmpty() ? "the request body" : "field[%s]".formatted(path(mapping.getPath()));
            if (mapping.getCause() instanceof InputCoercionException coercion) {
                return "%s is out of range; expected %s".formatted(where, range(coercion.getTargetType()));
            }
            Class<?> type = e instanceof MismatchedInputException mismatched ? mismatched.getTargetType()
                    : e instanceof InvalidDefinitionException definition && definition.getType() != null ? definition.getType().getRawClass() : null;
            if (type != null) {
                if (type.isArray() && !mapping.getPath().isEmpty() && mapping.getPath().get(mapping.getPath().size() - 1).getIndex() >= 0) {
                    // an element of an array is wrong: name what the element should be
                    type = type.getComponentType();
                }
                return "%s has the wrong type; expected %s".formatted(where, jsonName(type));
            }
        }
        String message = e.getOriginalMessage();
        int newline = message == null ? -1 : message.indexOf('\n');
        return "malformed JSON: " + (newline < 0 ? message : message.substring(0, newline));
    }

    /** {@code hotel_ids[3]}, {@code address.city}: the path as a client wrote it. */
    private static String path(List<JsonMappingException.Reference> references)
    {
        return references.stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String range(Class<?> type)
    {
        if (type == long.class || type == Long.class) {
            return "an integer from %s to %s".formatted(Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (type == int.class || type == Integer.class) {
            return "an integer from %s to %s".formatted(Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        if (type == short.class || type == Short.class) {
            return "an integer from %s to %s".formatted(Short.MIN_VALUE, Short.MAX_VALUE);
        }
        return jsonName(type) + " within its range";
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
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type == UUID.class) {
            return "a UUID (32 hex digits in groups of 8-4-4-4-12)";
        }
        if (type == Instant.class) {
            return "an ISO-8601 instant (2026-11-22T14:00:00Z)";
        }
        if (type == LocalDate.class) {
            return "a date (2026-11-22)";
        }
        if (type.isEnum()) {
            return "one of its names";
        }
        return "an object";
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
