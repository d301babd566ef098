package io.hotellambda.notifier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The owner of {@code notifications}: one row per event and recipient, claimed before the mail is
 * sent and marked sent after the SMTP server took it. A row marked sent is never sent again. The
 * one window left is a crash between the server's "250 OK" and the mark: that mail goes again on
 * restart, with the same {@code Message-ID}, which mail stores use to drop the copy.
 */
public final class NotificationLedger
{
    /**
     * Claims mails (a no-op for those claimed before), all in one statement; the
     * {@link Mail#key}s of those already sent, which are not sent again.
     */
    public Set<String> alreadySent(Connection connection, List<Mail> mails)
            throws SQLException
    {
        if (mails.isEmpty()) {
            return Set.of();
        }
        // DO UPDATE (to the same value), not DO NOTHING: RETURNING then answers for existing rows too
        try (PreparedStatement claim = connection.prepareStatement("""
                INSERT INTO notifications (event_id, recipient, kind, message_id)
                SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[])
                ON CONFLICT (event_id, recipient) DO UPDATE SET kind = notifications.kind
                RETURNING event_id, recipient, sent_at""")) {
            claim.setArray(1, connection.createArrayOf("uuid", mails.stream().map(Mail::eventId).toArray()));
            claim.setArray(2, connection.createArrayOf("text", mails.stream().map(Mail::recipient).toArray()));
            claim.setArray(3, connection.createArrayOf("text", mails.stream().map(Mail::kind).toArray()));
            claim.setArray(4, connection.createArrayOf("text", mails.stream().map(Mail::messageId).toArray()));
            Set<String> sent = new HashSet<>();
            try (ResultSet result = claim.executeQuery()) {
                while (result.next()) {
                    if (result.getTimestamp(3) != null) {
                        sent.add(result.getObject(1, UUID.class) + " " + result.getString(2));
                    }
                }
            }
            return sent;
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
