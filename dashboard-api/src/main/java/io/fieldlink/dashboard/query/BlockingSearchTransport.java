package io.fieldlink.dashboard.query;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A blocking HTTP/1.1 client of its own for the series queries' {@code _msearch}: the request thread writes the
 * request in one piece on a kept-alive connection ({@link SearchConnection}) and reads the answer itself. Through
 * the application's asynchronous {@code RestClient} (an I/O reactor thread and two hand-overs per request) the hop
 * was about a quarter of dashboard-api's CPU per one-device series query, and through Apache's classic client (its
 * execution chain, connection pool and per-request header processing) still about 13 % (JFR, {@code bin/bench
 * series}, docs/benchmarks.md). Same nodes, credentials, path prefix, timeouts and TLS as that client
 * ({@code spring.opensearch.*}); the nodes are taken in turn, and a node that refuses the connection (the request was
 * not sent) passes the request to the next. A kept-alive connection that turns out closed before any answer came
 * (the node restarted, or closed it while idle) is replaced by a new one once: {@code _msearch} only reads.
 */
final class BlockingSearchTransport implements SearchTransport, AutoCloseable {

    /** As the RestClient's default: at most 10 connections per node (a request waits for one up to the socket timeout). */
    static final int MAX_PER_NODE = 10;
    /** Most of an error answer read for its message (OpenSearch's errors are a few hundred bytes). */
    private static final int MAX_ERROR_BYTES = 64 * 1024;

    /**
     * The OpenSearch RestClient's request log: at TRACE each request as a curl line, the same format, so the series
     * requests stay visible there (and {@code bin/bench series} can compare them with its direct requests).
     */
    private static final Logger tracer = LoggerFactory.getLogger("tracer");

    private final List<Node> nodes;
    private final String msearchPath;
    private final String authorization;
    private final SSLSocketFactory tls;
    private final Duration connectTimeout;
    private final Duration socketTimeout;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param nodes      base URIs of the nodes ({@code http[s]://host:port}, user info taken as credentials when no
     *                   user name is given)
     * @param sslContext for https nodes (null: the JVM's default)
     */
    BlockingSearchTransport(List<URI> nodes, String pathPrefix, String username, String password,
                            Duration connectTimeout, Duration socketTimeout, SSLContext sslContext) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no OpenSearch node configured (spring.opensearch.uris)");
        }
        String prefix = pathPrefix == null || pathPrefix.isBlank() ? "" : "/" + pathPrefix.replaceAll("^/+|/+$", "");
        this.msearchPath = prefix + "/_msearch";
        String user = username;
        String secret = password;
        if ((user == null || user.isEmpty()) && nodes.getFirst().getUserInfo() != null) {
            String[] info = nodes.getFirst().getUserInfo().split(":", 2);
            user = info[0];
            secret = info.length > 1 ? info[1] : "";
        }
        this.authorization = user == null || user.isEmpty() ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + (secret == null ? "" : secret)).getBytes(StandardCharsets.UTF_8));
        this.connectTimeout = connectTimeout;
        this.socketTimeout = socketTimeout;
        boolean anyTls = nodes.stream().anyMatch(node -> "https".equalsIgnoreCase(node.getScheme()));
        this.tls = anyTls ? socketFactory(sslContext) : null;
        this.nodes = nodes.stream().map(Node::new).toList();
    }

    @Override
    public <T> T msearch(String filterPath, byte[] body, BodyReader<T> reader) throws IOException {
        if (closed) {
            throw new IOException("the series search transport is closed");
        }
        int first = Math.floorMod(next.getAndIncrement(), nodes.size());
        IOException refused = null;
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get((first + i) % nodes.size());
            if (tracer.isTraceEnabled()) {
                tracer.trace("curl -iX POST '{}' -d '{}'", node.base + node.target(filterPath),
                        new String(body, StandardCharsets.UTF_8));
            }
            try {
                return node.msearch(filterPath, body, reader);
            } catch (ConnectException | NoRouteToHostException | UnknownHostException e) {
                refused = e; // not sent: the next node may take it
            }
        }
        throw refused;
    }

    @Override
    public void close() {
        closed = true;
        nodes.forEach(Node::closeIdle);
    }

    /** A query value percent-encoded as UTF-8, except unreserved characters and the filter's {@code ,} and {@code *}. */
    static String encode(String value) {
        StringBuilder encoded = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~,*".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }

    private static SSLSocketFactory socketFactory(SSLContext sslContext) {
        try {
            return (sslContext != null ? sslContext : SSLContext.getDefault()).getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context for the https OpenSearch nodes", e);
        }
    }

    /** A node's connections: at most {@link #MAX_PER_NODE} in use, the idle ones kept for the next requests. */
    private final class Node {

        private final String host;
        private final int port;
        private final boolean https;
        private final String base;
        private final Semaphore permits = new Semaphore(MAX_PER_NODE);
        private final ConcurrentLinkedDeque<SearchConnection> idle = new ConcurrentLinkedDeque<>();
        /** The request heads by filter path (a few values: the readers' field sets), without Content-Length. */
        private final Map<String, byte[]> heads = new ConcurrentHashMap<>();

        Node(URI uri) {
            this.https = "https".equalsIgnoreCase(uri.getScheme());
            this.host = uri.getHost();
            this.port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
            this.base = (https ? "https" : "http") + "://" + host + ":" + port;
        }

        String target(String filterPath) {
            return msearchPath + "?filter_path=" + encode(filterPath);
        }

        <T> T msearch(String filterPath, byte[] body, BodyReader<T> reader) throws IOException {
            byte[] head = heads.computeIfAbsent(filterPath, this::head);
            try {
                if (!permits.tryAcquire(socketTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IOException("no free connection to OpenSearch at " + base + " within "
                            + socketTimeout.toMillis() + " ms (" + MAX_PER_NODE + " in use)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for a connection to OpenSearch", e);
            }
            try {
                SearchConnection kept = idle.pollFirst();
                if (kept != null) {
                    try {
                        return exchange(kept, head, body, reader);
                    } catch (SocketTimeoutException e) {
                        throw e; // it was sent and OpenSearch is slow: not again
                    } catch (IOException e) {
                        if (kept.answerStarted()) {
                            throw e;
                        }
                        // closed while it was idle (nothing of an answer came): once more on a new connection
                    }
                }
                return exchange(SearchConnection.open(host, port, https ? tls : null, connectTimeout, socketTimeout),
                        head, body, reader);
            } finally {
                permits.release();
            }
        }

        /** One request on the connection; kept for the next one when the answer was read to its end. */
        private <T> T exchange(SearchConnection connection, byte[] head, byte[] body, BodyReader<T> reader)
                throws IOException {
            boolean keep = false;
            try {
                connection.send(head, body);
                SearchConnection.Answer answer = connection.receive();
                if (answer.status() / 100 != 2) {
                    byte[] error = answer.body().readNBytes(MAX_ERROR_BYTES);
                    keep = connection.finish(answer);
                    throw MultiSearch.failed(answer.status(), error, answer.contentType());
                }
                T result = reader.read(answer.body());
                keep = connection.finish(answer);
                return result;
            } finally {
                if (keep && !closed) {
                    idle.offerFirst(connection);
                } else {
                    connection.close();
                }
            }
        }

        void closeIdle() {
            SearchConnection connection;
            while ((connection = idle.pollFirst()) != null) {
                connection.close();
            }
        }

        private byte[] head(String filterPath) {
            StringBuilder head = new StringBuilder(256).append("POST ").append(target(filterPath))
                    .append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port)
                    .append("\r\nAccept: ").append(MultiSearch.SMILE)
                    .append("\r\nContent-Type: ").append(MultiSearch.NDJSON).append("\r\n");
            if (authorization != null) {
                head.append("Authorization: ").append(authorization).append("\r\n");
            }
            return head.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
