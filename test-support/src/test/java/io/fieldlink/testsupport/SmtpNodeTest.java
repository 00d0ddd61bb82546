package io.fieldlink.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

class SmtpNodeTest {

    @Test
    void receivesMailOverSmtpAndHandsItBack() throws Exception {
        try (SmtpNode smtp = new SmtpNode(0).start()) {
            send(smtp, "alerts@fieldlink.io", "ops@example.com", "Rule fired: overheating", "dev-1 at 95 C");

            List<MimeMessage> messages = smtp.awaitMessages(1, Duration.ofSeconds(10));
            assertThat(messages).hasSize(1);
            assertThat(messages.get(0).getSubject()).isEqualTo("Rule fired: overheating");
            assertThat(messages.get(0).getAllRecipients()[0].toString()).isEqualTo("ops@example.com");
            assertThat(((String) messages.get(0).getContent()).trim()).isEqualTo("dev-1 at 95 C");

            smtp.purge();
            assertThat(smtp.receivedMessages()).isEmpty();
        }
    }

    static void send(SmtpNode smtp, String from, String to, String subject, String text) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", smtp.host());
        props.put("mail.smtp.port", String.valueOf(smtp.port()));
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText(text);
        Transport.send(message);
    }
}
