package io.hotellambda.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads request bodies with a byte limit, so an oversized body is a 413, never memory pressure. */
public final class JsonBodies
{
    private final ObjectMapper json;

    public JsonBodies(ObjectMapper json)
    {
        this.json = json;
    }

    public <T> T read(Context ctx, Class<T> type, long maxBytes)
    {
        byte[] body = readBytes(ctx, maxBytes);
        if (body.length == 0) {
            throw ProblemException.badRequest("the request body is empty; expected a JSON object");
        }
        try {
            return json.readValue(body, type);
        }
        catch (IOException e) {
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException processing) {
                throw ProblemException.badRequest(ProblemMapper.describe(processing));
            }
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] readBytes(Context ctx, long maxBytes)
    {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(declared, maxBytes);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw tooLarge(body.length, maxBytes);
            }
            return body;
        }
        catch (IOException e) {
            throw ProblemException.badRequest("cannot read the request body: " + e.getMessage());
        }
    }

    private static ProblemException tooLarge(long size, long maxBytes)
    {
        return ProblemException.tooLarge("the request body (%s bytes or more) is over the limit of %s bytes".formatted(size, maxBytes));
    }
}
