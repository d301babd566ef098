package io.hotellambda.notifier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The owner of {@code notifications}: one row per event and recipient, claimed before the mail is
 * sent and marked sent after the SMTP server took it. A row marked sent is never sent again. The
 * one window left is a crash between the server's "250 OK" and the mark: that mail goes again on
 * restart, with the same {@code Message-ID}, which mail stores use to drop the copy.
 */
public final class NotificationLedger
{
    /** Claims the mail (a no-op if claimed before), in one statement; true when it was already sent. */
    public boolean alreadySent(Connection connection, Mail mail)
            throws SQLException
    {
        // DO UPDATE (to the same value), not DO NOTHING: RETURNING then answers for an existing row too
        try (PreparedStatement claim = connection.prepareStatement("""
                INSERT INTO notifications (event_id, recipient, kind, message_id) VALUES (?, ?, ?, ?)
                ON CONFLICT (event_id, recipient) DO UPDATE SET kind = notifications.kind
                RETURNING sent_at""")) {
            claim.setObject(1, mail.eventId());
            claim.setString(2, mail.recipient());
            claim.setString(3, mail.kind());
            claim.setString(4, mail.messageId());
            try (ResultSet result = claim.executeQuery()) {
                result.next();
                return result.getTimestamp(1) != null;
            }
        }
    }

    public void markSent(Connection connection, Mail mail, Instant at)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE notifications SET sent_at = ? WHERE event_id = ? AND recipient = ?")) {
            statement.setTimestamp(1, Timestamp.from(at));
            statement.setObject(2, mail.eventId());
            statement.setString(3, mail.recipient());
            statement.executeUpdate();
        }
    }
}
