package io.fieldlink.localstack;

import io.fieldlink.testsupport.SmtpNode;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Makes the mail the local SMTP server receives readable: each message is saved as
 * {@code <home>/mail/NNNN.eml} (open it with any mail client, or read it as text) and announced on the
 * console with its recipients and subject. The local SMTP server keeps mail only in memory.
 */
final class LocalMailbox implements AutoCloseable {

    private final SmtpNode smtp;
    private final Path dir;
    private final PrintStream out;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("local-mailbox").factory());
    private int saved;
    private int seen;

    LocalMailbox(SmtpNode smtp, Path dir, PrintStream out) {
        this.smtp = smtp;
        this.dir = dir;
        this.out = out;
    }

    LocalMailbox start() throws IOException {
        Files.createDirectories(dir);
        try (var existing = Files.list(dir)) {
            // numbering continues across restarts, so a new start never overwrites older mail
            saved = (int) existing.filter(p -> p.getFileName().toString().endsWith(".eml")).count();
        }
        // GreenMail offers no delivery callback; a one-second look at its in-memory store is cheap
        poller.scheduleWithFixedDelay(this::saveNew, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    private void saveNew() {
        try {
            java.util.List<MimeMessage> messages = smtp.receivedMessages();
            for (; seen < messages.size(); seen++) {
                save(messages.get(seen));
            }
        } catch (RuntimeException | IOException | MessagingException e) {
            out.println("mail: could not save a message: " + e);
        }
    }

    private void save(MimeMessage message) throws IOException, MessagingException {
        saved++;
        Path file = dir.resolve("%04d.eml".formatted(saved));
        try (OutputStream stream = Files.newOutputStream(file)) {
            message.writeTo(stream);
        }
        Address[] to = message.getAllRecipients();
        String recipients = to == null ? "?" : Arrays.stream(to).map(Address::toString).collect(Collectors.joining(", "));
        out.println("mail to " + recipients + ": " + message.getSubject() + "  (" + file + ")");
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
