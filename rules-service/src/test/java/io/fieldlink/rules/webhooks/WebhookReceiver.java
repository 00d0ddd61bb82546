package io.fieldlink.rules.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fieldlink.testsupport.FreePorts;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP receiver on a free loopback port that checks each request as a customer's endpoint would: the
 * {@code v1} signature over timestamp and body with the shared secret, and a timestamp no older than five minutes.
 * Answers each path with a scripted sequence of statuses (the last one repeats; 200 when none is scripted).
 *
 * <p>The signature is recomputed here from the documented scheme (docs/rules.md), not with the service's own
 * signer, so a receiver that follows the documentation is what the tests prove.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Request(String path, String eventId, String eventType, String timestamp, byte[] body,
                          boolean signatureValid, boolean timestampFresh) {
    }

    private final String secret;
    private final HttpServer server;
    private final Map<String, Deque<Integer>> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private WebhookReceiver(String secret) throws IOException {
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePorts.pick()), 0);
        this.server.createContext("/", this::handle);
    }

    public static WebhookReceiver start(String secret) throws IOException {
        WebhookReceiver receiver = new WebhookReceiver(secret);
        receiver.server.start();
        return receiver;
    }

    /** Answers requests to {@code path} with these statuses in turn; the last one repeats. */
    public void answer(String path, Integer... statuses) {
        answers.put(path, new ArrayDeque<>(List.of(statuses)));
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(request -> request.path().equals(path)).toList();
    }

    /** {@code v1=} + hex HMAC-SHA256 over {@code timestamp + "." + body}, compared in constant time. */
    static boolean signatureValid(String secret, String timestamp, byte[] body, String signature) {
        if (timestamp == null || signature == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    signature.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String timestamp = exchange.getRequestHeaders().getFirst("Fieldlink-Timestamp");
            boolean valid = signatureValid(secret, timestamp, body,
                    exchange.getRequestHeaders().getFirst("Fieldlink-Signature"));
            boolean fresh = timestamp != null && Duration.between(Instant.ofEpochSecond(Long.parseLong(timestamp)),
                    Instant.now()).abs().compareTo(Duration.ofMinutes(5)) <= 0;
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(path, exchange.getRequestHeaders().getFirst("Fieldlink-Event-Id"),
                    exchange.getRequestHeaders().getFirst("Fieldlink-Event-Type"), timestamp, body, valid, fresh));
            int status = valid && fresh ? next(path) : 401;
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private int next(String path) {
        Deque<Integer> scripted = answers.get(path);
        if (scripted == null || scripted.isEmpty()) {
            return 200;
        }
        synchronized (scripted) {
            return scripted.size() > 1 ? scripted.removeFirst() : scripted.peekFirst();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
