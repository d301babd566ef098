package io.hotellambda.notifier;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.time.Instant;
import java.util.Date;
import java.util.Properties;

/**
 * Sends text mail over SMTP (Jakarta Mail), on one connection kept open between mails and opened
 * again after a failure. Timeouts are short: a server that hangs is an outage, retried.
 */
public final class SmtpSender
        implements AutoCloseable
{
    private final Session session;
    private final InternetAddress from;
    private Transport transport;

    public SmtpSender(String host, int port, String from)
    {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", host);
        properties.put("mail.smtp.port", Integer.toString(port));
        properties.put("mail.smtp.connectiontimeout", "5000");
        properties.put("mail.smtp.timeout", "10000");
        properties.put("mail.smtp.writetimeout", "10000");
        this.session = Session.getInstance(properties);
        try {
            this.from = new InternetAddress(from, true);
        }
        catch (MessagingException e) {
            throw new IllegalArgumentException("from[%s] is not an e-mail address".formatted(from), e);
        }
    }

    /** Whether {@code address} parses as the recipient of a mail: one that does not would fail every send, so it is refused before. */
    public static boolean parses(String address)
    {
        try {
            new InternetAddress(address, false);
            return true;
        }
        catch (AddressException e) {
            return false;
        }
    }

    public void send(Mail mail, Instant at)
            throws MessagingException
    {
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID()
                    throws MessagingException
            {
                // the same id every time this mail is sent: a resend is recognisable
                setHeader("Message-ID", mail.messageId());
            }
        };
        message.setFrom(from);
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.recipient(), false));
        message.setSubject(mail.subject(), "UTF-8");
        message.setText(mail.text(), "UTF-8");
        message.setSentDate(Date.from(at));
        message.saveChanges();
        try {
            if (transport == null || !transport.isConnected()) {
                close();
                transport = session.getTransport("smtp");
                transport.connect();
            }
            transport.sendMessage(message, message.getAllRecipients());
        }
        catch (MessagingException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close()
    {
        if (transport != null) {
            try {
                transport.close();
            }
            catch (MessagingException e) {
                // closing a broken connection
            }
            transport = null;
        }
    }
}
