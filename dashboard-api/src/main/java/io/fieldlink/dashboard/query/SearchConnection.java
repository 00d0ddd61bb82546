package io.fieldlink.dashboard.query;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One kept-alive HTTP/1.1 connection to an OpenSearch node, used by one request at a time: a request is written in
 * one piece (head and body), the answer's head is read, and its body (by {@code Content-Length}, chunked, or up to
 * the end of the connection) is streamed to the caller. Only what OpenSearch's answers to {@code _msearch} use: no
 * {@code Expect}, no trailers kept, no compression (none is asked for).
 */
final class SearchConnection implements AutoCloseable {

    /** Longest line of an answer's head (status line or header). */
    private static final int MAX_LINE = 8 * 1024;
    /** Most header lines of an answer. */
    private static final int MAX_HEADERS = 100;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private boolean reusable = true;
    /** Whether a byte of the current request's answer came. */
    private boolean answerStarted;

    private SearchConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to {@code host:port}, over TLS when {@code tls} is given (the host name verified against the
     * certificate, as HTTPS does).
     */
    static SearchConnection open(String host, int port, SSLSocketFactory tls, Duration connectTimeout,
                                 Duration socketTimeout) throws IOException {
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.setSoTimeout(Math.toIntExact(socketTimeout.toMillis()));
            plain.connect(new InetSocketAddress(host, port), Math.toIntExact(connectTimeout.toMillis()));
            if (tls == null) {
                return new SearchConnection(plain);
            }
            SSLSocket secure = (SSLSocket) tls.createSocket(plain, host, port, true);
            secure.setSoTimeout(plain.getSoTimeout());
            SSLParameters parameters = secure.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            secure.setSSLParameters(parameters);
            secure.startHandshake();
            return new SearchConnection(secure);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /** Writes the request: its head (up to the blank line, exclusive) and its body. */
    void send(byte[] head, byte[] body) throws IOException {
        answerStarted = false;
        byte[] length = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + length.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(length, 0, request, head.length, length.length);
        System.arraycopy(body, 0, request, head.length + length.length, body.length);
        out.write(request);
        out.flush();
    }

    /** The answer's status and headers; its body is then read from {@link Answer#body()}. */
    Answer receive() throws IOException {
        for (;;) {
            String statusLine = line();
            if (statusLine == null) {
                throw new EOFException("OpenSearch closed the connection before answering");
            }
            int status = status(statusLine);
            if (statusLine.startsWith("HTTP/1.0")) {
                reusable = false; // HTTP/1.0 closes after the answer unless it says otherwise: not kept either way
            }
            long contentLength = -1;
            boolean chunked = false;
            String contentType = null;
            for (int headers = 0; ; headers++) {
                String header = line();
                if (header == null) {
                    throw new EOFException("OpenSearch closed the connection in the middle of an answer's head");
                }
                if (header.isEmpty()) {
                    break;
                }
                if (headers == MAX_HEADERS) {
                    throw new IOException("more than " + MAX_HEADERS + " header lines in an answer of OpenSearch");
                }
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("not an HTTP header line: " + abbreviate(header));
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> contentLength = length(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                    case "content-type" -> contentType = value;
                    case "connection" -> reusable &= !value.toLowerCase(Locale.ROOT).contains("close");
                    default -> {
                    }
                }
            }
            if (status / 100 == 1) {
                continue; // 100 Continue and the like: the answer follows
            }
            boolean noBody = status == 204 || status == 304;
            InputStream body = noBody ? new LengthBody(0) : chunked ? new ChunkedBody()
                    : contentLength >= 0 ? new LengthBody(contentLength) : new UntilClosedBody();
            return new Answer(status, contentType, body);
        }
    }

    /**
     * Reads what the caller left of the body, so the connection can carry the next request; false when it cannot
     * (the answer ends with the connection, or OpenSearch closes it).
     */
    boolean finish(Answer answer) throws IOException {
        if (!reusable) {
            return false;
        }
        byte[] rest = new byte[1024];
        InputStream body = answer.body();
        while (body.read(rest, 0, rest.length) >= 0) {
            // to the end of the answer
        }
        return reusable();
    }

    boolean reusable() {
        return reusable && !socket.isClosed();
    }

    /**
     * Whether a byte of the answer to the last request sent came: a kept connection that fails before was closed
     * while idle, and the request can go again on a new one.
     */
    boolean answerStarted() {
        return answerStarted;
    }

    @Override
    public void close() {
        reusable = false;
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to do with it
        }
    }

    /** An answer's status line and the headers the transport uses; {@link #body} is valid until the next request. */
    record Answer(int status, String contentType, InputStream body) {
    }

    private static int status(String statusLine) throws IOException {
        // "HTTP/1.1 200 OK"
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x status line: " + abbreviate(statusLine));
        }
        try {
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP/1.x status line: " + abbreviate(statusLine), e);
        }
    }

    private static long length(String value) throws IOException {
        try {
            long length = Long.parseLong(value);
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IOException("unusable Content-Length in an answer of OpenSearch: " + abbreviate(value));
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }

    /** A line of the head without its CRLF (a bare LF is accepted), or null at the end of the connection. */
    private String line() throws IOException {
        StringBuilder line = null;
        for (;;) {
            if (position == limit && !fill()) {
                if (line == null) {
                    return null;
                }
                throw new EOFException("OpenSearch closed the connection in the middle of a line");
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int end = position;
            boolean complete = position < limit;
            if (complete) {
                position++; // the LF
            }
            if (line == null) {
                line = new StringBuilder(Math.max(16, end - start));
            }
            line.append(new String(buffer, start, end - start, StandardCharsets.ISO_8859_1));
            if (line.length() > MAX_LINE) {
                throw new IOException("a line of more than " + MAX_LINE + " bytes in an answer's head");
            }
            if (complete) {
                int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') {
                    line.setLength(length - 1);
                }
                return line.toString();
            }
        }
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer, 0, buffer.length);
        if (read < 0) {
            reusable = false;
            return false;
        }
        answerStarted = true;
        position = 0;
        limit = read;
        return true;
    }

    /** Up to {@code length} bytes from the buffer, then the socket; -1 at the end of the connection. */
    private int readRaw(byte[] target, int offset, int length) throws IOException {
        if (position == limit) {
            if (length >= buffer.length) {
                int read = in.read(target, offset, length); // large reads straight into the caller's array
                if (read < 0) {
                    reusable = false;
                } else {
                    answerStarted = true;
                }
                return read;
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    /** The base of the bodies: single-byte reads through the array read. */
    private abstract class Body extends InputStream {

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }
    }

    private final class LengthBody extends Body {

        private long remaining;

        LengthBody(long length) {
            this.remaining = length;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            int n = readRaw(target, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw new EOFException("OpenSearch closed the connection " + remaining + " bytes before the "
                        + "end of its answer");
            }
            remaining -= n;
            return n;
        }
    }

    /** Chunks of {@code <hex size>[;extension]CRLF <data> CRLF}, ended by a chunk of size 0 and the trailer. */
    private final class ChunkedBody extends Body {

        private long chunkLeft;
        private boolean done;

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            if (chunkLeft == 0) {
                String size = line();
                if (size == null) {
                    throw new EOFException("OpenSearch closed the connection in the middle of a chunked answer");
                }
                int extension = size.indexOf(';');
                try {
                    chunkLeft = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("not a chunk size: " + abbreviate(size), e);
                }
                if (chunkLeft < 0) {
                    throw new IOException("not a chunk size: " + abbreviate(size));
                }
                if (chunkLeft == 0) {
                    String trailer;
                    do {
                        trailer = line();
                    } while (trailer != null && !trailer.isEmpty());
                    done = true;
                    return -1;
                }
            }
            int n = readRaw(target, offset, (int) Math.min(length, chunkLeft));
            if (n < 0) {
                throw new EOFException("OpenSearch closed the connection in the middle of a chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                String end = line();
                if (end == null || !end.isEmpty()) {
                    throw new IOException("a chunk of OpenSearch's answer did not end with CRLF");
                }
            }
            return n;
        }
    }

    /** Neither a length nor chunks: the answer ends with the connection, which cannot be used again. */
    private final class UntilClosedBody extends Body {

        UntilClosedBody() {
            reusable = false;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            return length == 0 ? 0 : readRaw(target, offset, length);
        }
    }
}
