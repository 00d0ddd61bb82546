package io.fieldlink.ingest.socket;

/**
 * One unit read from a TCP stream by {@link SocketFraming}.
 *
 * @param kind    what it is
 * @param bytes   the header line or message without its framing (no line end, no length prefix);
 *                empty for the {@code TOO_LARGE} kinds
 * @param session the connection it came from
 */
public record Frame(Kind kind, byte[] bytes, TcpSession session) {

    public enum Kind {
        /** The first line of a connection, on endpoints that expect one. */
        HEADER,
        /** A device message. */
        MESSAGE,
        /** A header line longer than allowed; its bytes were read and dropped. */
        HEADER_TOO_LARGE,
        /** A message longer than allowed; its bytes were read and dropped. */
        TOO_LARGE
    }
}
