package io.fieldlink.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real SMTP server (GreenMail) in this JVM on {@code 127.0.0.1:<port>}. Any user and password are
 * accepted (authentication is optional); received messages are kept in memory and can be read back
 * with {@link #receivedMessages()} / {@link #awaitMessages(int, Duration)}. The data directory is not
 * used (mail is not persisted); it is accepted for symmetry with the other nodes.
 */
public final class SmtpNode implements ServerNode {

    private static final Logger log = LoggerFactory.getLogger(SmtpNode.class);

    public static final String HOST = "127.0.0.1";

    private final Path dataDir;
    private final int port;
    private volatile GreenMail greenMail;

    /** A server on {@code port} (0 = a free port, fixed for the lifetime of this object). */
    public SmtpNode(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = FreePorts.resolve(port);
    }

    /** A server on {@code port} (0 = a free port). */
    public SmtpNode(int port) {
        this(null, port);
    }

    /** Creates and starts a server. */
    public static SmtpNode start(Path dataDir, int port) {
        return new SmtpNode(dataDir, port).start();
    }

    /** Starts the server (no-op when running). */
    public synchronized SmtpNode start() {
        if (greenMail != null) {
            return this;
        }
        QuietLogging.quiet("com.icegreen.greenmail");
        long t0 = System.nanoTime();
        GreenMail gm = new GreenMail(new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        try {
            gm.start();
        } catch (RuntimeException e) {
            gm.stop();
            throw new IllegalStateException("GreenMail failed to start on " + HOST + ":" + port, e);
        }
        greenMail = gm;
        log.info("SMTP (GreenMail) started on {}:{} in {} ms", HOST, port, (System.nanoTime() - t0) / 1_000_000);
        return this;
    }

    /** Stops the server; received messages are lost. */
    public synchronized void stop() {
        GreenMail gm = greenMail;
        greenMail = null;
        if (gm != null) {
            gm.stop();
            log.info("SMTP on {}:{} stopped", HOST, port);
        }
    }

    @Override
    public void close() {
        stop();
    }

    public boolean isRunning() {
        return greenMail != null;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The running GreenMail instance (for its full API: users, IMAP-less mailbox access, ...). */
    public GreenMail greenMail() {
        GreenMail gm = greenMail;
        if (gm == null) {
            throw new IllegalStateException("SmtpNode is not running");
        }
        return gm;
    }

    /** All messages received so far, oldest first. */
    public List<MimeMessage> receivedMessages() {
        return List.of(greenMail().getReceivedMessages());
    }

    /**
     * Waits until at least {@code count} messages were received in total and returns them all.
     *
     * @throws IllegalStateException when fewer arrived within {@code timeout}
     */
    public List<MimeMessage> awaitMessages(int count, Duration timeout) {
        if (!greenMail().waitForIncomingEmail(timeout.toMillis(), count)) {
            throw new IllegalStateException("Expected " + count + " message(s) within " + timeout + " but got "
                    + greenMail().getReceivedMessages().length);
        }
        return receivedMessages();
    }

    /** Deletes all received messages. */
    public void purge() {
        try {
            greenMail().purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot purge GreenMail mailboxes", e);
        }
    }

    @Override
    public String toString() {
        return "SmtpNode[" + HOST + ":" + port + (isRunning() ? ", running]" : ", stopped]");
    }
}
