package io.fieldlink.bench;

import io.fieldlink.ingest.telemetry.MessageIds;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bulk-indexes simulated readings straight into the raw telemetry indices, in exactly the layout of dashboard-api's
 * projector ({@code TelemetryDocuments}: id = message id, index {@code <prefix>-telemetry-yyyy.MM} by event time,
 * the same fields). It bypasses Kafka and the projector on purpose: the benchmark is about queries, and the
 * projector's throughput is another matter. Readings go out in time order across all devices, as a live fleet
 * would send them, so each device's readings are spread over the segments as in production.
 */
final class ReadingsLoader {

    static final String TEMPERATURE = "temperature";
    static final String HUMIDITY = "humidity";
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu.MM").withZone(ZoneOffset.UTC);
    private static final Duration RECEIVED_AFTER = Duration.ofMillis(250);

    private final HttpClient http;
    private final AtomicLong retries = new AtomicLong();
    private final URI openSearch;
    private final String prefix;
    private final String tenant;

    ReadingsLoader(HttpClient http, URI openSearch, String prefix, String tenant) {
        this.http = http;
        this.openSearch = openSearch;
        this.prefix = prefix;
        this.tenant = tenant;
    }

    record Loaded(long documents, Duration took, List<String> indices) {
        double perSecond() {
            return documents / (took.toNanos() / 1e9);
        }
    }

    static String deviceId(int device) {
        return String.format(Locale.ROOT, "2959990%08d", device + 1);
    }

    String telemetryIndex(Instant eventTime) {
        return prefix + "-telemetry-" + MONTH.format(eventTime);
    }

    /**
     * Loads {@code perDevice} readings of each device, {@code interval} apart, ending before {@code end}. The indices
     * are created first with refresh off (the template gives mapping, shards and replicas) and refreshed at the end.
     */
    Loaded load(int devices, long perDevice, Duration interval, Instant end, int bulkSize, int inFlight, long seed)
            throws Exception {
        Instant start = end.minus(interval.multipliedBy(perDevice));
        List<String> indices = monthIndices(start, end);
        for (String index : indices) {
            send("PUT", "/" + index, "{\"settings\":{\"index\":{\"refresh_interval\":\"-1\"}}}", "application/json");
        }
        long t0 = System.nanoTime();
        BlockingQueue<String> bodies = new ArrayBlockingQueue<>(inFlight * 2);
        String done = ""; // the end marker: a real body is never empty
        ExecutorService senders = Executors.newFixedThreadPool(inFlight, Thread.ofPlatform().name("bulk-", 0).factory());
        List<Future<Long>> results = new ArrayList<>();
        for (int i = 0; i < inFlight; i++) {
            results.add(senders.submit(() -> {
                long sent = 0;
                for (String body = bodies.take(); !body.isEmpty(); body = bodies.take()) {
                    sent += bulk(body);
                }
                return sent;
            }));
        }
        try {
            SplittableRandom random = new SplittableRandom(seed);
            StringBuilder body = new StringBuilder(bulkSize * 420);
            int inBody = 0;
            long spread = interval.toMillis() / devices; // devices do not all send in the same millisecond
            long reported = System.nanoTime();
            long total = perDevice * devices;
            for (long k = 0; k < perDevice; k++) {
                for (int d = 0; d < devices; d++) {
                    Instant eventTime = start.plusMillis(k * interval.toMillis() + d * spread);
                    appendReading(body, deviceId(d), eventTime, random, d);
                    if (++inBody == bulkSize) {
                        hand(bodies, body.toString(), results);
                        body.setLength(0);
                        inBody = 0;
                    }
                }
                if (System.nanoTime() - reported > 30_000_000_000L) {
                    reported = System.nanoTime();
                    System.out.printf(Locale.ROOT, "  ... %,d of %,d readings sent (%.0f s)%n", (k + 1) * devices, total,
                            (reported - t0) / 1e9);
                }
            }
            if (inBody > 0) {
                hand(bodies, body.toString(), results);
            }
        } finally {
            for (int i = 0; i < inFlight; i++) {
                bodies.put(done);
            }
            senders.shutdown();
        }
        long indexed = 0;
        for (Future<Long> result : results) {
            indexed += result.get();
        }
        String pattern = "/" + prefix + "-telemetry-*";
        send("PUT", pattern + "/_settings", "{\"index\":{\"refresh_interval\":null}}", "application/json");
        send("POST", pattern + "/_refresh", "", "application/json");
        return new Loaded(indexed, Duration.ofNanos(System.nanoTime() - t0), indices);
    }

    /** A field reading of the farm: temperature with a daily curve, humidity against it, some noise. */
    private void appendReading(StringBuilder out, String deviceId, Instant eventTime, SplittableRandom random,
                               int device) {
        double dayPhase = (eventTime.getEpochSecond() % 86_400) / 86_400.0 * 2 * Math.PI;
        double temperature = Math.round((18 + device % 7 + 8 * Math.sin(dayPhase - Math.PI / 2)
                + random.nextDouble(-0.5, 0.5)) * 100) / 100.0;
        double humidity = Math.round((65 - 15 * Math.sin(dayPhase - Math.PI / 2) + random.nextDouble(-2, 2)) * 10) / 10.0;
        String payload = "{\"" + TEMPERATURE + "\":" + temperature + ",\"" + HUMIDITY + "\":" + humidity + "}";
        String messageId = MessageIds.of(deviceId, eventTime.toEpochMilli(),
                MessageIds.sha256Hex(payload.getBytes(StandardCharsets.UTF_8)));
        out.append("{\"index\":{\"_index\":\"").append(telemetryIndex(eventTime)).append("\",\"_id\":\"")
                .append(messageId).append("\"}}\n");
        // field order and formats as TelemetryDocuments writes them (instants as Instant.toString())
        out.append("{\"tenantId\":\"").append(tenant)
                .append("\",\"deviceId\":\"").append(deviceId)
                .append("\",\"messageId\":\"").append(messageId)
                .append("\",\"eventTime\":\"").append(eventTime)
                .append("\",\"receivedTime\":\"").append(eventTime.plus(RECEIVED_AFTER))
                .append("\",\"sourceProtocol\":\"beam-http\",\"identity\":{\"imsi\":\"").append(deviceId)
                .append("\"},\"measurements\":").append(payload)
                .append(",\"attributes\":{}}\n");
    }

    /**
     * Queues a body for the senders; fails at once when a sender failed (otherwise the queue fills up and the
     * load waits forever for senders that are gone).
     */
    private static void hand(BlockingQueue<String> bodies, String body, List<Future<Long>> senders) throws Exception {
        while (!bodies.offer(body, 1, TimeUnit.SECONDS)) {
            for (Future<Long> sender : senders) {
                if (sender.isDone()) {
                    sender.get(); // throws the sender's failure
                    throw new IllegalStateException("a bulk sender stopped early");
                }
            }
        }
    }

    private long bulk(String body) throws Exception {
        // OpenSearch pushes back under memory pressure (429: circuit breaker, write queue full), per request or per
        // item; the documents have fixed ids, so sending the whole body again only overwrites what was stored
        long backoff = 500;
        for (int attempt = 1; ; attempt++) {
            // filter_path: only the failed items come back, not 5,000 acknowledgements
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            openSearch.resolve("/_bulk?filter_path=errors,items.*.error"))
                    .timeout(Duration.ofMinutes(5))
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && response.body().startsWith("{\"errors\":false")) {
                return body.chars().filter(c -> c == '\n').count() / 2;
            }
            boolean pushedBack = response.statusCode() == 429 || response.body().contains("\"status\":429");
            if (!pushedBack || attempt == 10) {
                throw new IllegalStateException("bulk failed (attempt " + attempt + "): HTTP " + response.statusCode()
                        + " " + response.body().substring(0, Math.min(1000, response.body().length())));
            }
            retries.incrementAndGet();
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, 30_000);
        }
    }

    /** Bulk requests sent again after OpenSearch pushed back (reported with the load figures). */
    long retries() {
        return retries.get();
    }

    String send(String method, String path, String body, String contentType) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(openSearch.resolve(path))
                .timeout(Duration.ofMinutes(10))
                .header("Content-Type", contentType)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
        return response.body();
    }

    private List<String> monthIndices(Instant start, Instant end) {
        TreeSet<String> names = new TreeSet<>();
        for (ZonedDateTime month = start.atZone(ZoneOffset.UTC).withDayOfMonth(1).toLocalDate()
                .atStartOfDay(ZoneOffset.UTC); month.toInstant().isBefore(end); month = month.plusMonths(1)) {
            names.add(telemetryIndex(month.toInstant()));
        }
        return List.copyOf(names);
    }
}
