package io.hotellambda.http;

import io.hotellambda.schemas.Checks;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * What every request body passes before it is parsed, whatever its type: its {@code Content-Type}
 * (else a 415) and a byte limit (else a 413, never memory pressure).
 */
public final class RequestBodies
{
    /** An HTML form's body, what the pages' forms send. */
    public static final String FORM = "application/x-www-form-urlencoded";

    private RequestBodies()
    {
    }

    /**
     * A 415 unless the request's {@code Content-Type} is {@code mediaType}, in UTF-8 if it names a
     * charset. Checked before the body is read: a body parsed as another type (a multipart one,
     * say, which Jetty parses when a form's fields are asked for) fails in ways that are not the client's answer.
     */
    public static void requireContentType(Context ctx, String mediaType)
    {
        String header = ctx.header("Content-Type");
        if (header == null) {
            throw unsupported("the request has no Content-Type; send %s".formatted(mediaType));
        }
        String[] parts = header.split(";");
        if (!parts[0].strip().toLowerCase(Locale.ROOT).equals(mediaType)) {
            throw unsupported("Content-Type '%s' is not accepted; send %s".formatted(Checks.abbreviate(header), mediaType));
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT).replace("\"", "");
            if (parameter.startsWith("charset=") && !parameter.equals("charset=utf-8")) {
                throw unsupported("Content-Type '%s' is not accepted; send %s in UTF-8".formatted(Checks.abbreviate(header), mediaType));
            }
        }
    }

    private static ProblemException unsupported(String detail)
    {
        return new ProblemException(415, "Unsupported Media Type", detail);
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
