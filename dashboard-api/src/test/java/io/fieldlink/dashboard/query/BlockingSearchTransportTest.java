package io.fieldlink.dashboard.query;

import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the blocking transport puts on the wire, seen by a plain HTTP server (the IT covers OpenSearch's side). */
class BlockingSearchTransportTest {

    private static final SearchTransport.BodyReader<String> TEXT =
            body -> new String(body.readAllBytes(), StandardCharsets.UTF_8);

    private record Seen(String pathAndQuery, String authorization, String contentType, String accept,
                        String acceptEncoding, String body, int clientPort) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.add(new Seen(exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Accept"),
                    exchange.getRequestHeaders().getFirst("Accept-Encoding"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRemoteAddress().getPort()));
            byte[] answer = "{\"responses\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void postsTheNdjsonToTheNodesPathPrefixWithTheFilterAndBasicCredentialsAskingForNoCompression() throws IOException {
        URI node = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (var transport = new BlockingSearchTransport(List.of(node), "/search/", "reader", "s3cret",
                Duration.ofSeconds(1), Duration.ofSeconds(5), null)) {
            String answer = transport.msearch("responses.status", "{}\n{}\n".getBytes(StandardCharsets.UTF_8),
                    body -> new String(body.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(answer).isEqualTo("{\"responses\":[]}");
        }
        assertThat(seen).singleElement().satisfies(request -> {
            assertThat(request.pathAndQuery()).isEqualTo("/search/_msearch?filter_path=responses.status");
            assertThat(request.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                    .encodeToString("reader:s3cret".getBytes(StandardCharsets.UTF_8)));
            assertThat(request.contentType()).startsWith("application/x-ndjson");
            // an uncompressed answer: gzip would cost OpenSearch and this side CPU for a few kilobytes
            assertThat(request.acceptEncoding()).isNull();
            assertThat(request.accept()).isEqualTo("application/smile");
            assertThat(request.body()).isEqualTo("{}\n{}\n");
        });
    }

    @Test
    void takesCredentialsFromTheUriWhenNoUserNameIsGivenAndSendsNoneWithout() throws IOException {
        int port = server.getAddress().getPort();
        try (var withUserInfo = new BlockingSearchTransport(List.of(URI.create("http://admin:pw@127.0.0.1:" + port)),
                null, null, null, Duration.ofSeconds(1), Duration.ofSeconds(5), null);
             var anonymous = new BlockingSearchTransport(List.of(URI.create("http://127.0.0.1:" + port)),
                     null, null, null, Duration.ofSeconds(1), Duration.ofSeconds(5), null)) {
            withUserInfo.msearch("responses.status", new byte[0], body -> body.readAllBytes());
            anonymous.msearch("responses.status", new byte[0], body -> body.readAllBytes());
        }
        assertThat(seen).extracting(Seen::authorization).containsExactly(
                "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes(StandardCharsets.UTF_8)), null);
        assertThat(seen).extracting(Seen::pathAndQuery).containsOnly("/_msearch?filter_path=responses.status");
    }

    @Test
    void sendsEachRequestWithItsOwnFilter() throws IOException {
        URI node = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (var transport = new BlockingSearchTransport(List.of(node), null, null, null,
                Duration.ofSeconds(1), Duration.ofSeconds(5), null)) {
            for (String filter : List.of("responses.status", "responses.**.key,responses.**.sum", "responses.status")) {
                transport.msearch(filter, new byte[0], body -> null);
            }
        }
        assertThat(seen).extracting(request -> URLDecoder.decode(request.pathAndQuery(), StandardCharsets.UTF_8))
                .containsExactly("/_msearch?filter_path=responses.status",
                        "/_msearch?filter_path=responses.**.key,responses.**.sum", "/_msearch?filter_path=responses.status");
    }

    @Test
    void keepsItsConnectionOpenBetweenRequests() throws IOException {
        URI node = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (var transport = new BlockingSearchTransport(List.of(node), null, null, null,
                Duration.ofSeconds(1), Duration.ofSeconds(5), null)) {
            for (int i = 0; i < 5; i++) {
                // the reader leaves the answer unread: the transport still has to drain it to reuse the connection
                transport.msearch("responses.status", "{}\n{}\n".getBytes(StandardCharsets.UTF_8), body -> null);
            }
        }
        assertThat(seen).hasSize(5).extracting(Seen::clientPort).containsOnly(seen.getFirst().clientPort());
    }

    @Test
    void readsAChunkedAnswerAndKeepsTheConnection() throws IOException {
        server.removeContext("/");
        byte[] big = "x".repeat(100_000).getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            seen.add(new Seen(exchange.getRequestURI().toString(), null, null, null, null,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRemoteAddress().getPort()));
            exchange.sendResponseHeaders(200, 0); // no length: chunked
            exchange.getResponseBody().write(big);
            exchange.close();
        });
        URI node = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (var transport = new BlockingSearchTransport(List.of(node), null, null, null,
                Duration.ofSeconds(1), Duration.ofSeconds(5), null)) {
            for (int i = 0; i < 3; i++) {
                assertThat(transport.msearch("responses.status", new byte[0], InputStream::readAllBytes)).isEqualTo(big);
            }
        }
        assertThat(seen).hasSize(3).extracting(Seen::clientPort).containsOnly(seen.getFirst().clientPort());
    }

    @Test
    void sendsAgainOnANewConnectionWhenTheKeptOneWasClosedWhileIdle() throws Exception {
        // answers one request per connection and closes it without saying so, as a node that restarted
        try (var raw = new RawServer(socket -> {
            readRequest(socket);
            write(socket, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        })) {
            try (var transport = new BlockingSearchTransport(List.of(raw.uri()), null, null, null,
                    Duration.ofSeconds(1), Duration.ofSeconds(5), null)) {
                for (int i = 1; i <= 3; i++) {
                    assertThat(transport.msearch("responses.status", "{}\n".getBytes(StandardCharsets.UTF_8),
                            TEXT)).isEqualTo("ok");
                    raw.awaitClosed(i); // the kept connection is closed before the next request
                }
            }
            assertThat(raw.connections()).hasValue(3);
        }
    }

    @Test
    void anAnswerWithoutLengthEndsWithItsConnection() throws Exception {
        try (var raw = new RawServer(socket -> {
            readRequest(socket);
            write(socket, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end");
        })) {
            try (var transport = new BlockingSearchTransport(List.of(raw.uri()), null, null, null,
                    Duration.ofSeconds(1), Duration.ofSeconds(5), null)) {
                for (int i = 0; i < 2; i++) {
                    assertThat(transport.msearch("responses.status", new byte[0],
                            TEXT)).isEqualTo("until the end");
                }
            }
            assertThat(raw.connections()).hasValue(2);
        }
    }

    @Test
    void anHttp10AnswerDoesNotKeepItsConnection() throws Exception {
        // it would answer a second request on the same connection differently: the client must not send one there
        try (var raw = new RawServer(socket -> {
            readRequest(socket);
            write(socket, "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");
            readRequest(socket);
            write(socket, "HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\nreused");
        })) {
            try (var transport = new BlockingSearchTransport(List.of(raw.uri()), null, null, null,
                    Duration.ofSeconds(1), Duration.ofSeconds(5), null)) {
                for (int i = 0; i < 2; i++) {
                    assertThat(transport.msearch("responses.status", new byte[0], TEXT)).isEqualTo("ok");
                }
            }
            assertThat(raw.connections()).hasValue(2);
        }
    }

    @Test
    void aRequestThatTimesOutOnAKeptConnectionIsNotSentAgain() throws Exception {
        AtomicInteger received = new AtomicInteger();
        try (var raw = new RawServer(socket -> {
            readRequest(socket);
            received.incrementAndGet();
            write(socket, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            readRequest(socket);
            received.incrementAndGet();
            socket.getInputStream().read(); // no answer to the second; returns when the client gives up
        })) {
            try (var transport = new BlockingSearchTransport(List.of(raw.uri()), null, null, null,
                    Duration.ofSeconds(1), Duration.ofMillis(300), null)) {
                transport.msearch("responses.status", new byte[0], InputStream::readAllBytes);
                assertThatThrownBy(() -> transport.msearch("responses.status", new byte[0], InputStream::readAllBytes))
                        .isInstanceOf(SocketTimeoutException.class);
            }
            raw.awaitClosed(1);
            assertThat(received).hasValue(2);
            assertThat(raw.connections()).hasValue(1);
        }
    }

    @Test
    void anAnswerCutShortIsAnErrorNotATruncatedBody() throws Exception {
        try (var raw = new RawServer(socket -> {
            readRequest(socket);
            write(socket, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort");
        })) {
            try (var transport = new BlockingSearchTransport(List.of(raw.uri()), null, null, null,
                    Duration.ofSeconds(1), Duration.ofSeconds(5), null)) {
                assertThatThrownBy(() -> transport.msearch("responses.status", new byte[0], InputStream::readAllBytes))
                        .isInstanceOf(EOFException.class).hasMessageContaining("5 bytes before the end");
            }
        }
    }

    @Test
    void encodesTheFilterLikeAQueryValueKeepingItsCommasAndStars() {
        assertThat(BlockingSearchTransport.encode("responses.**.key,responses.status"))
                .isEqualTo("responses.**.key,responses.status");
        assertThat(BlockingSearchTransport.encode("a b&c=d/é")).isEqualTo("a%20b%26c%3Dd%2F%C3%A9");
    }

    private static void readRequest(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("request cut short");
            }
            head.append((char) b);
        }
        var length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        if (length.find()) {
            in.readNBytes(Integer.parseInt(length.group(1)));
        }
    }

    private static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** A plain socket server running a script per connection, then closing it: answers no HTTP server would give. */
    private static final class RawServer implements AutoCloseable {

        interface Script {
            void run(Socket socket) throws IOException;
        }

        private final ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        private final AtomicInteger connections = new AtomicInteger();
        private final AtomicInteger closed = new AtomicInteger();
        private final Thread acceptor;

        RawServer(Script script) throws IOException {
            acceptor = Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> {
                            try (connection) {
                                script.run(connection);
                            } catch (IOException e) {
                                // the client went away
                            } finally {
                                closed.incrementAndGet();
                            }
                        });
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        AtomicInteger connections() {
            return connections;
        }

        void awaitClosed(int count) {
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> closed.get() >= count);
        }

        @Override
        public void close() throws Exception {
            socket.close();
            acceptor.join(Duration.ofSeconds(5));
        }
    }
}
