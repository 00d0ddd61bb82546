package io.fieldlink.dashboard.query;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** What the blocking transport puts on the wire, seen by a plain HTTP server (the IT covers OpenSearch's side). */
class BlockingSearchTransportTest {

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
}
