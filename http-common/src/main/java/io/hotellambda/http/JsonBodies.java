package io.hotellambda.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import org.eclipse.jetty.io.EofException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Reads JSON request bodies ({@link RequestBodies}: of their type, within a byte limit); writes
 * response bodies straight to UTF-8 bytes.
 */
public final class JsonBodies
{
    private final ObjectMapper json;
    private final ObjectWriter writer;

    public JsonBodies(ObjectMapper json)
    {
        this.json = json;
        // the response stream is Jetty's to complete
        this.writer = json.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    /**
     * The body as {@code type}: JSON only ({@code Content-Type: application/json}, else a 415), at
     * most {@code maxBytes} (else a 413), an object (a JSON {@code null} is a 400, like an empty body).
     */
    public <T> T read(Context ctx, Class<T> type, long maxBytes)
    {
        requireJson(ctx);
        byte[] body = RequestBodies.readBytes(ctx, maxBytes);
        if (body.length == 0) {
            throw ProblemException.badRequest("the request body is empty; expected a JSON object");
        }
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw ProblemException.badRequest("the request body is null; expected a JSON object");
            }
            return value;
        }
        catch (IOException e) {
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException processing) {
                throw ProblemException.badRequest(ProblemMapper.describe(processing));
            }
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Answers {@code value} as JSON, encoded straight into the response. Javalin's {@code ctx.json}
     * builds a String first and encodes it again; for a large answer (1,000 hotels) that copy, char
     * by char, was most of the request's CPU time, and the copies most of its garbage.
     */
    public void write(Context ctx, Object value)
    {
        write(ctx, out -> writer.writeValue(out, value));
    }

    /** Answers the JSON that {@code body} writes. */
    public void write(Context ctx, Body body)
    {
        ctx.contentType(ContentType.APPLICATION_JSON);
        try {
            body.writeTo(ctx.outputStream());
        }
        catch (EofException e) {
            // the client closed the connection before the answer was out: nobody is left to tell
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot write the answer", e);
        }
    }

    /** What writes an answer's JSON. */
    public interface Body
    {
        void writeTo(OutputStream out)
                throws IOException;
    }

    /** A 415 unless the request says its body is JSON, in UTF-8 if it names a charset. */
    public static void requireJson(Context ctx)
    {
        RequestBodies.requireContentType(ctx, "application/json");
    }
}
