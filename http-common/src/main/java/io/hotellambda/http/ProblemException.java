package io.hotellambda.http;

import java.util.Map;

/**
 * A failure the client should see as an RFC 9457 problem: thrown from any handler, rendered by
 * {@link ProblemMapper}. {@code extensions} become extra members (for example {@code errors}).
 */
public class ProblemException
        extends RuntimeException
{
    private final int status;
    private final String title;
    private final Map<String, Object> extensions;
    private final Map<String, String> headers;

    public ProblemException(int status, String title, String detail)
    {
        this(status, title, detail, Map.of(), Map.of());
    }

    public ProblemException(int status, String title, String detail, Map<String, Object> extensions, Map<String, String> headers)
    {
        super(detail);
        this.status = status;
        this.title = title;
        this.extensions = Map.copyOf(extensions);
        this.headers = Map.copyOf(headers);
    }

    public static ProblemException badRequest(String detail)
    {
        return new ProblemException(400, "Bad Request", detail);
    }

    public static ProblemException notFound(String detail)
    {
        return new ProblemException(404, "Not Found", detail);
    }

    public static ProblemException tooLarge(String detail)
    {
        return new ProblemException(413, "Content Too Large", detail);
    }

    /** A dependency is down: the client should retry; {@code Retry-After} says when. */
    public static ProblemException unavailable(String detail)
    {
        return unavailable(detail, Map.of());
    }

    public static ProblemException unavailable(String detail, Map<String, Object> extensions)
    {
        return new ProblemException(503, "Service Unavailable", detail, extensions, Map.of("Retry-After", "1"));
    }

    public static ProblemException unauthorized(String detail)
    {
        return new ProblemException(401, "Unauthorized", detail, Map.of(), Map.of("WWW-Authenticate", "Bearer"));
    }

    public static ProblemException forbidden(String detail)
    {
        return new ProblemException(403, "Forbidden", detail);
    }

    public int status()
    {
        return status;
    }

    public String title()
    {
        return title;
    }

    public Map<String, Object> extensions()
    {
        return extensions;
    }

    public Map<String, String> headers()
    {
        return headers;
    }
}
