package io.hotellambda.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.hotellambda.schemas.Checks;
import io.hotellambda.schemas.DomainException;
import io.hotellambda.schemas.ValidationException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
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
    private final AtomicLong unexpectedErrors = new AtomicLong();
    private volatile HtmlProblems htmlProblems = (ctx, problem) -> Optional.empty();

    public ProblemMapper(ObjectMapper json)
    {
        this.json = json;
    }

    /**
     * Errors by meaning: a {@link ProblemException} says its own status, a
     * {@link ValidationException} (a client's value is wrong) and a JSON error are 400s, Javalin's
     * own (no route, wrong method) keep theirs. Anything else is a bug: a 500 with no internals, its
     * stack trace logged once and counted ({@link #unexpectedErrors}). Errors Jetty raises before a
     * route runs (a URI or headers too long, a malformed request line) are answered as problems too.
     */
    public void register(Javalin app)
    {
        app.exception(ProblemException.class, (e, ctx) -> render(ctx, e));
        app.exception(ValidationException.class, (e, ctx) -> render(ctx, ProblemException.badRequest(e.getMessage())));
        app.exception(DomainException.class, (e, ctx) -> render(ctx, fromDomain(e)));
        app.exception(JsonProcessingException.class, (e, ctx) -> render(ctx, ProblemException.badRequest(describe(e))));
        app.exception(HttpResponseException.class, (e, ctx) -> render(ctx, fromJavalin(e, ctx)));
        app.exception(Exception.class, (e, ctx) -> {
            unexpectedErrors.incrementAndGet();
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            render(ctx, new ProblemException(500, "Internal Server Error", "an unexpected error occurred; it has been logged"));
        });
    }

    /** Jetty's own errors as problems: install on the server before it starts ({@code javalin.jetty.modifyServer}). */
    public void installOn(Server server)
    {
        server.setErrorHandler(new JettyErrors());
    }

    /** How many requests failed with an unexpected error (a bug) since start: each is one logged stack trace. */
    public long unexpectedErrors()
    {
        return unexpectedErrors.get();
    }

    private byte[] problemBody(int status, String title, String detail, String instance, Map<String, Object> extensions)
    {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", instance);
        body.putAll(extensions);
        try {
            return json.writeValueAsBytes(body);
        }
        catch (JsonProcessingException e) {
            return ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Jetty answers some requests itself: a request line, URI or header block it cannot take (400,
     * 414, 431), before any route. Its default page is HTML; this one is a problem.
     */
    private final class JettyErrors
            extends ErrorHandler
    {
        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields)
        {
            fields.put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
            return ByteBuffer.wrap(problemBody(status, titleOf(status), jettyDetail(status, reason), null, Map.of()));
        }

        @Override
        public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
                throws IOException
        {
            baseRequest.setHandled(true);
            int status = response.getStatus();
            Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
            byte[] body = problemBody(status, titleOf(status), jettyDetail(status, message == null ? null : message.toString()), request.getRequestURI(), Map.of());
            response.setContentType(CONTENT_TYPE);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    private static String jettyDetail(int status, String reason)
    {
        return switch (status) {
            case 414 -> "the request URI is too long";
            case 431 -> "the request's header fields are too large";
            case 413 -> "the request body is too large";
            default -> reason == null || reason.isBlank() ? "the request could not be read as HTTP" : "the request could not be read as HTTP: " + Checks.abbreviate(reason);
        };
    }

    /**
     * How a problem is shown to a browser on a web page: the page's HTML, or empty for every other
     * request (the API's callers, a page asked for without {@code Accept: text/html}), which get
     * the problem as JSON. Same status, same detail; only the format differs.
     */
    public interface HtmlProblems
    {
        Optional<String> page(Context ctx, ProblemException problem);
    }

    /** Problems on web pages as {@code pages} renders them; without this, every problem is JSON. */
    public void renderPagesWith(HtmlProblems pages)
    {
        this.htmlProblems = pages;
    }

    public void render(Context ctx, ProblemException problem)
    {
        problem.headers().forEach(ctx::header);
        Optional<String> page = htmlProblems.page(ctx, problem);
        if (page.isPresent()) {
            ctx.status(problem.status()).html(page.get());
            return;
        }
        ctx.status(problem.status()).contentType(CONTENT_TYPE)
                .result(problemBody(problem.status(), problem.title(), problem.getMessage(), ctx.path(), problem.extensions()));
    }

    /** A domain failure as the client sees it; an outage is logged once per request, without a stack trace (the dependency's own logs have it). */
    private static ProblemException fromDomain(DomainException e)
    {
        return switch (e.kind()) {
            case NOT_FOUND -> ProblemException.notFound(e.getMessage());
            case CONFLICT -> new ProblemException(409, titleOf(409), e.getMessage());
            case UNPROCESSABLE -> new ProblemException(422, titleOf(422), e.getMessage());
            case UNAVAILABLE -> {
                LOG.warn("{}: {}", e.getMessage(), e.getCause() == null ? "" : e.getCause().toString());
                yield ProblemException.unavailable(e.getMessage());
            }
        };
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
        if (e instanceof ValueInstantiationException) {
            // a record's own checks: only a ValidationException's message is written for clients
            return e.getCause() instanceof ValidationException invalid ? invalid.getMessage() : "the request body has an invalid value";
        }
        if (e instanceof StreamReadException read) {
            return malformed(read.getOriginalMessage(), read.getLocation());
        }
        if (e.getOriginalMessage() != null && e.getOriginalMessage().contains("end-of-input")) {
            // the body ended inside a value that was being bound
            return malformed(e.getOriginalMessage(), e.getLocation());
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getOriginalMessage() != null
                && mismatched.getOriginalMessage().startsWith("Trailing token")) {
            return "malformed JSON: the request body holds more than one JSON value";
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
        return "the request body is not what this endpoint takes";
    }

    /**
     * A parse error in plain words: where it is, and what is wrong, without the parser's settings
     * (Jackson names the feature that would accept a {@code NaN}) or its Java types.
     */
    private static String malformed(String originalMessage, JsonLocation location)
    {
        String message = originalMessage == null ? "" : originalMessage;
        String what;
        if (message.startsWith("Duplicate field")) {
            what = "a key is given twice (%s)".formatted(message.substring("Duplicate field ".length()));
        }
        else if (message.startsWith("Non-standard token") || message.contains("NaN") || message.contains("Infinity")) {
            what = "NaN and Infinity are not JSON numbers";
        }
        else if (message.contains("end-of-input")) {
            what = "the body ends before the JSON value does";
        }
        else if (message.contains("CTRL-CHAR")) {
            what = "a control character in a string must be escaped";
        }
        else if (message.contains("Invalid UTF-8") || message.contains("Invalid UTF-32")) {
            what = "the body is not valid UTF-8";
        }
        else {
            int cut = indexOfAny(message, '\n', '`', '(');
            what = (cut < 0 ? message : message.substring(0, cut)).strip();
            if (what.isEmpty()) {
                what = "unexpected input";
            }
        }
        return location == null || location.getLineNr() < 0
                ? "malformed JSON: " + what
                : "malformed JSON at line %s, column %s: %s".formatted(location.getLineNr(), location.getColumnNr(), what);
    }

    private static int indexOfAny(String text, char... characters)
    {
        int first = -1;
        for (char c : characters) {
            int index = text.indexOf(c);
            if (index >= 0 && (first < 0 || index < first)) {
                first = index;
            }
        }
        return first;
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
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Server Error" : "Client Error";
        };
    }
}
