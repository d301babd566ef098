package io.hotellambda.schemas;

import static java.util.Objects.requireNonNull;

/**
 * A failure in the platform's own terms, categorized where it is thrown (Trino's rule): a
 * repository or service says what went wrong ({@code Hotel[7] not found}, the catalog database
 * is unavailable), and the one error mapper of each HTTP service decides how a client sees it.
 * Nothing below the routes throws HTTP exceptions.
 */
public class DomainException
        extends RuntimeException
{
    public enum Kind
    {
        /** What was asked for does not exist. */
        NOT_FOUND,
        /** The request contradicts the current state (a name taken, rooms gone). */
        CONFLICT,
        /** The request is well formed but refers to things that do not go together (a room type of another hotel, a reused idempotency key with another body). */
        UNPROCESSABLE,
        /** A dependency (a database, Kafka, Redis) cannot be reached now; a retry may succeed. */
        UNAVAILABLE,
    }

    private final Kind kind;

    public DomainException(Kind kind, String message)
    {
        this(kind, message, null);
    }

    public DomainException(Kind kind, String message, Throwable cause)
    {
        super(message, cause);
        this.kind = requireNonNull(kind, "kind is null");
    }

    public Kind kind()
    {
        return kind;
    }

    public static DomainException notFound(String message)
    {
        return new DomainException(Kind.NOT_FOUND, message);
    }

    public static DomainException conflict(String message)
    {
        return new DomainException(Kind.CONFLICT, message);
    }

    public static DomainException unprocessable(String message)
    {
        return new DomainException(Kind.UNPROCESSABLE, message);
    }

    public static DomainException unavailable(String message, Throwable cause)
    {
        return new DomainException(Kind.UNAVAILABLE, message, cause);
    }
}
