package io.fieldlink.ingest.socket;

import io.fieldlink.ingest.IngestProperties.Framing;
import org.springframework.core.serializer.Deserializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a TCP stream into {@link Frame}s: optionally a header line first (once per connection), then
 * messages, either one per line ({@link Framing#LINE}: up to LF, a CR before it dropped, empty lines
 * skipped, a last line without LF before the peer closes counts) or each preceded by its length as
 * an unsigned 16-bit big-endian number ({@link Framing#LENGTH_PREFIXED}; length 0 is skipped).
 *
 * <p>Oversized headers and messages are read to their end and reported as a {@code TOO_LARGE} frame
 * (so the endpoint can answer and the stream stays in step) instead of breaking the connection.
 * The per-connection state (header read or not) lives on the connection's {@link TcpSession}, which
 * the stream of a connection made by {@link FramedConnectionSupport} carries.
 */
public final class SocketFraming implements Deserializer<Frame> {

    /** Longest header line: identity fields, a timestamp and a signature fit many times over. */
    public static final int MAX_HEADER_LENGTH = 1024;

    private final Framing framing;
    private final boolean headerLine;
    private final int maxMessageLength;

    /**
     * @param framing          how messages are cut
     * @param headerLine       whether each connection starts with a header line
     * @param maxMessageLength longest message in bytes (framing excluded)
     */
    public SocketFraming(Framing framing, boolean headerLine, int maxMessageLength) {
        this.framing = framing;
        this.headerLine = headerLine;
        this.maxMessageLength = maxMessageLength;
    }

    @Override
    public Frame deserialize(InputStream in) throws IOException {
        TcpSession session = in instanceof FramedConnectionSupport.SessionInput s ? s.session() : null;
        if (session == null) {
            throw new IllegalStateException("SocketFraming needs connections made by FramedConnectionSupport");
        }
        if (headerLine && !session.headerRead()) {
            byte[] line = readLine(in, MAX_HEADER_LENGTH);
            session.markHeaderRead();
            return line == null ? new Frame(Frame.Kind.HEADER_TOO_LARGE, new byte[0], session)
                    : new Frame(Frame.Kind.HEADER, line, session);
        }
        while (true) {
            byte[] message = framing == Framing.LINE ? readLine(in, maxMessageLength) : readLengthPrefixed(in);
            if (message == null) {
                return new Frame(Frame.Kind.TOO_LARGE, new byte[0], session);
            }
            if (message.length > 0) {
                return new Frame(Frame.Kind.MESSAGE, message, session);
            }
            // an empty line or a zero length: keep-alive, read on
        }
    }

    /** One line without its LF (and CR); null when longer than {@code max} (then skipped to its end). */
    static byte[] readLine(InputStream in, int max) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(Math.min(max + 1, 256));
        boolean overflow = false;
        int count = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (count == 0) {
                    throw new SoftEndOfStreamException("Stream closed between messages");
                }
                break; // a last line without LF
            }
            if (b == '\n') {
                break;
            }
            if (count <= max) { // max + 1 bytes: room for a CR after a line of exactly max
                line.write(b);
            } else {
                overflow = true;
            }
            count++;
        }
        if (overflow) {
            return null;
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        if (length > max) {
            return null;
        }
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    private byte[] readLengthPrefixed(InputStream in) throws IOException {
        int high = in.read();
        if (high < 0) {
            throw new SoftEndOfStreamException("Stream closed between messages");
        }
        int low = in.read();
        if (low < 0) {
            throw new EOFException("Stream closed inside a length prefix");
        }
        int length = (high << 8) | low;
        if (length > maxMessageLength) {
            in.skipNBytes(length);
            return null;
        }
        byte[] message = in.readNBytes(length);
        if (message.length < length) {
            throw new EOFException("Stream closed inside a message (" + message.length + " of " + length + " bytes)");
        }
        return message;
    }
}
