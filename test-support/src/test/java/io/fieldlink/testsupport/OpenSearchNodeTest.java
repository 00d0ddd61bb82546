package io.fieldlink.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenSearchNodeTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path dataDir = DataDirs.newTempDir("opensearch-node-test");
    private final List<OpenSearchNode> nodes = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        nodes.forEach(OpenSearchNode::close);
        DataDirs.deleteRecursively(dataDir);
    }

    @Test
    void servesHttpAndResumesWithItsDataOnASecondStart() throws Exception {
        OpenSearchNode node = track(new OpenSearchNode(dataDir, 0)).start();
        assertThat(node.isRunning()).isTrue();
        assertThat(node.uri()).isEqualTo("http://127.0.0.1:" + node.port());
        long pid = node.pid();

        HttpResponse<String> put = send("PUT", node.uri() + "/fieldlink-test/_doc/1?refresh=true",
                "{\"deviceId\":\"dev-1\",\"temperature\":21.5}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        HttpResponse<String> get = send("GET", node.uri() + "/fieldlink-test/_doc/1", null);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).contains("\"found\":true", "\"deviceId\":\"dev-1\"");
        HttpResponse<String> search = send("GET", node.uri() + "/fieldlink-test/_search?q=deviceId:dev-1", null);
        assertThat(search.body()).contains("\"value\":1");

        int port = node.port();
        node.close();
        assertThat(node.isRunning()).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("child gone").isFalse();
        assertThat(node.logFile()).exists();

        OpenSearchNode again = track(new OpenSearchNode(dataDir, port)).start();
        HttpResponse<String> after = send("GET", again.uri() + "/fieldlink-test/_doc/1", null);
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(after.body()).contains("\"found\":true", "\"temperature\":21.5");
    }

    @Test
    void refusesToStartOnAPortThatIsInUse() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            OpenSearchNode node = track(new OpenSearchNode(dataDir, taken.getLocalPort()));
            org.assertj.core.api.Assertions.assertThatThrownBy(node::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already in use");
            assertThat(node.isRunning()).isFalse();
        }
    }

    private OpenSearchNode track(OpenSearchNode node) {
        nodes.add(node);
        return node;
    }

    static HttpResponse<String> send(String method, String uri, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
