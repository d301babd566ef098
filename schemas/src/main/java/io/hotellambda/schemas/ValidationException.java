package io.hotellambda.schemas;

/**
 * A value a client sent is not acceptable, with a message that names the field and says what it
 * should be. The one exception an HTTP service turns into a 400 by its type: any other exception
 * out of a handler is a bug or an outage, never the client's fault. It is an
 * {@link IllegalArgumentException}, so code that validates records (the event codec, Spark's
 * parsers) keeps treating it as an invalid argument.
 */
public class ValidationException
        extends IllegalArgumentException
{
    public ValidationException(String message)
    {
        super(message);
    }
}
