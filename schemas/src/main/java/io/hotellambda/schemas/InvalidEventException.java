package io.hotellambda.schemas;

/** An event that does not meet the contract; the message is the reason a dead letter carries. */
public class InvalidEventException
        extends RuntimeException
{
    public InvalidEventException(String message)
    {
        super(message);
    }
}
