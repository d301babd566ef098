package io.hotellambda.infra;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The quickstart's SMTP server (GreenMail, on 127.0.0.1): accepts any mail, and writes each one
 * it received to {@code <directory>/<n>-<recipient>.eml} within a second, where a person reads it
 * ({@code cat var/mail/*.eml}). Mail lives in memory otherwise: a restart empties the server, not
 * the directory.
 */
public final class MailCatcher
        implements AutoCloseable
{
    private final GreenMail server;
    private final Path directory;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mail-catcher");
        thread.setDaemon(true);
        return thread;
    });
    /** Files in the directory: numbering continues after an earlier run's. */
    private int files;
    /** The Message-IDs written: GreenMail lists received mail by mailbox, not in arrival order, so position says nothing. */
    private final Set<String> taken = new HashSet<>();

    private MailCatcher(GreenMail server, Path directory)
    {
        this.server = server;
        this.directory = directory;
    }

    public static MailCatcher start(int port, Path directory)
            throws IOException
    {
        Files.createDirectories(directory);
        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        MailCatcher catcher = new MailCatcher(server, directory);
        try (var existing = Files.list(directory)) {
            catcher.files = (int) existing.filter(file -> file.toString().endsWith(".eml")).count();
        }
        catcher.writer.scheduleWithFixedDelay(catcher::writeNew, 1, 1, TimeUnit.SECONDS);
        return catcher;
    }

    private synchronized void writeNew()
    {
        for (MimeMessage message : server.getReceivedMessages()) {
            try {
                String recipient = message.getAllRecipients()[0].toString();
                String id = message.getMessageID() + " " + recipient;
                if (taken.contains(id)) {
                    continue;
                }
                try (OutputStream out = Files.newOutputStream(directory.resolve("%05d-%s.eml".formatted(++files, recipient.replaceAll("[^A-Za-z0-9@._-]", "_"))))) {
                    message.writeTo(out);
                }
                taken.add(id);
            }
            catch (IOException | MessagingException e) {
                // tried again in a second; the mail stays in the server meanwhile
                System.err.printf("mail-catcher: cannot write a mail to %s: %s%n", directory, e);
                return;
            }
        }
    }

    /** Mails received since this server started. */
    public int received()
    {
        return server.getReceivedMessages().length;
    }

    public Path directory()
    {
        return directory;
    }

    @Override
    public void close()
    {
        writer.shutdownNow();
        server.stop();
    }
}
