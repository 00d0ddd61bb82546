package io.fieldlink.ingest.socket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.messaging.support.MessageBuilder;

import java.net.InetAddress;

/**
 * State of one TCP connection of a socket entry point: whether its header line was read, what the
 * endpoint learnt from it (the verified identity), and the way back to the peer. Lives as long as
 * the connection; one reader thread per connection reads frames, so frames of one connection are
 * handled in order.
 */
public final class TcpSession {

    private static final Logger log = LoggerFactory.getLogger(TcpSession.class);

    private final TcpConnection connection;
    private final InetAddress remoteAddress;
    private final int remotePort;
    private volatile boolean headerRead;
    private volatile Object identity;

    TcpSession(TcpConnection connection, InetAddress remoteAddress, int remotePort) {
        this.connection = connection;
        this.remoteAddress = remoteAddress;
        this.remotePort = remotePort;
    }

    public InetAddress remoteAddress() {
        return remoteAddress;
    }

    public int remotePort() {
        return remotePort;
    }

    /** {@code tcp:<address>:<port>}: the dead-letter key when no device is known. */
    public String peer() {
        return "tcp:" + remoteAddress.getHostAddress() + ":" + remotePort;
    }

    boolean headerRead() {
        return headerRead;
    }

    void markHeaderRead() {
        headerRead = true;
    }

    /** What the endpoint took from the header line (e.g. the verified Beam identity), or null. */
    @SuppressWarnings("unchecked")
    public <T> T identity() {
        return (T) identity;
    }

    public void identity(Object identity) {
        this.identity = identity;
    }

    /** Writes one answer line ({@code \n} is added). A peer that is gone is only logged. */
    public void reply(String line) {
        try {
            connection.send(MessageBuilder.withPayload(line).build());
        } catch (RuntimeException e) {
            log.debug("Could not answer {} on {}: {}", line, peer(), e.toString());
        }
    }

    public void close() {
        connection.close();
    }

    /**
     * Runs an endpoint's handling of one frame; an unexpected failure is logged and answered
     * {@code 500 error} (never a stack trace on the wire), and the connection stays usable.
     */
    public static void handle(Frame frame, java.util.function.Consumer<Frame> endpoint) {
        try {
            endpoint.accept(frame);
        } catch (RuntimeException e) {
            log.error("Failed to handle a message from {}", frame.session().peer(), e);
            frame.session().reply("500 error");
        }
    }
}
