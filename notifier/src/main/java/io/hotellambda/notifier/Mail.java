package io.hotellambda.notifier;

import java.util.UUID;

/** One text mail about one event to one recipient; {@code messageId} is the same every time it is rendered, so a mail store can tell a resend. */
public record Mail(UUID eventId, String recipient, String kind, String subject, String text)
{
    /** The ledger's key: one mail per event and recipient. */
    public String key()
    {
        return eventId + " " + recipient;
    }

    public String messageId()
    {
        return "<%s.%s@hotel-lambda>".formatted(eventId, Integer.toHexString(recipient.toLowerCase(java.util.Locale.ROOT).hashCode()));
    }
}
