package io.fieldlink.bench;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The end of the rules benchmark's path: an HTTP server on loopback that receives rule webhooks and, for each,
 * records the time from ingest's acceptance of the triggering reading ({@code trigger.receivedTime}, set by
 * ingest on the same machine's clock) to the webhook's arrival here.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();

    WebhookReceiver() throws IOException {
        // the JDK server leaves Nagle's algorithm on by default: small responses then wait for the client's delayed
        // ACK (about 40 ms each), which would be measured as the rules path's latency; a real receiver sets it off
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", exchange -> {
            long arrivedMicros = nowMicros();
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            received.incrementAndGet();
            Instant accepted = acceptedAt(body);
            if (accepted == null) {
                unreadable.incrementAndGet();
            } else {
                long acceptedMicros = accepted.getEpochSecond() * 1_000_000 + accepted.getNano() / 1_000;
                samples.add(new long[] {arrivedMicros, arrivedMicros - acceptedMicros});
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    long received() {
        return received.get();
    }

    long unreadable() {
        return unreadable.get();
    }

    /** Latencies in nanoseconds of the webhooks that arrived in [fromMicros, toMicros) of the wall clock. */
    long[] latenciesBetween(long fromMicros, long toMicros) {
        return samples.stream().filter(s -> s[0] >= fromMicros && s[0] < toMicros)
                .mapToLong(s -> s[1] * 1_000).toArray();
    }

    /**
     * The slowest webhook of each second of [fromMicros, toMicros), in milliseconds (0 when none arrived): shows
     * whether a high p99 comes from a few stalls or from the whole window.
     */
    long[] slowestPerSecond(long fromMicros, long toMicros) {
        long[] slowest = new long[(int) ((toMicros - fromMicros + 999_999) / 1_000_000)];
        samples.stream().filter(s -> s[0] >= fromMicros && s[0] < toMicros).forEach(s -> {
            int second = (int) ((s[0] - fromMicros) / 1_000_000);
            slowest[second] = Math.max(slowest[second], s[1] / 1_000);
        });
        return slowest;
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /** {@code trigger.receivedTime} wherever the webhook body nests the alert event. */
    static Instant acceptedAt(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode trigger = root.findValue("trigger");
            JsonNode received = trigger == null ? null : trigger.get("receivedTime");
            return received == null || received.isNull() ? null : Instant.parse(received.asString());
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
