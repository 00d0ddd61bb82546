package io.fieldlink.dashboard;

import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP server standing in for command-service and rules-service: it records every request it
 * receives and answers with whatever the test set. Bound to a free loopback port once; {@link #stop()}
 * and {@link #start()} take it down and bring it back on the same port.
 */
final class RecordingUpstream {

    record Received(String method, String path, Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    record Answer(int status, Map<String, String> headers, String body) {
    }

    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicReference<Answer> answer = new AtomicReference<>(new Answer(202, Map.of(), ""));
    private final int port;
    private HttpServer server;

    private RecordingUpstream() {
        this.server = bind(0);
        this.port = server.getAddress().getPort();
    }

    static RecordingUpstream onFreePort() {
        return new RecordingUpstream();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    void answer(int status, Map<String, String> headers, String body) {
        answer.set(new Answer(status, headers, body));
    }

    /** The next request received, waiting at most 10 s. */
    Received next() throws InterruptedException {
        Received next = received.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("the upstream received nothing");
        }
        return next;
    }

    void clear() {
        received.clear();
    }

    synchronized void stop() {
        server.stop(0);
        server = null;
    }

    /** Binds the same port again (the old socket may take a moment to be released). */
    synchronized void start() {
        if (server == null) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> (server = bind(port)) != null);
        }
    }

    private HttpServer bind(int onPort) {
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
            created.createContext("/", exchange -> {
                try (exchange) {
                    received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                            Map.copyOf(exchange.getRequestHeaders()),
                            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                    Answer current = answer.get();
                    current.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                    byte[] body = current.body().getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(current.status(), body.length == 0 ? -1 : body.length);
                    if (body.length > 0) {
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(body);
                        }
                    }
                }
            });
            created.start();
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
