package io.hotellambda.infra;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TestMailCatcher
{
    /** Mail to two recipients, interleaved: each one written once, to its recipient's file, though GreenMail lists mail by mailbox. */
    @Test
    void writesEveryMailOnceWhateverOrderTheServerListsThemIn(@TempDir Path directory)
            throws Exception
    {
        int port = Ports.freePort();
        try (MailCatcher catcher = MailCatcher.start(port, directory)) {
            Properties properties = new Properties();
            properties.put("mail.smtp.host", "127.0.0.1");
            properties.put("mail.smtp.port", Integer.toString(port));
            Session session = Session.getInstance(properties);
            for (String recipient : List.of("a@x.example", "b@x.example", "a@x.example", "b@x.example", "a@x.example")) {
                MimeMessage message = new MimeMessage(session);
                message.setFrom(new InternetAddress("from@x.example"));
                message.setRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
                message.setSubject("to " + recipient);
                message.setText("hello");
                Transport.send(message);
                Thread.sleep(1200);
            }
            assertThat(catcher.received()).isEqualTo(5);
            try (Stream<Path> files = Files.list(directory)) {
                List<String> names = files.map(file -> file.getFileName().toString()).sorted().toList();
                assertThat(names).containsExactly("00001-a@x.example.eml", "00002-b@x.example.eml", "00003-a@x.example.eml", "00004-b@x.example.eml", "00005-a@x.example.eml");
            }
        }
    }
}
