package io.fieldlink.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Commands through command-service's REST API, as an operator's client sees them: {@code POST
 * /v1/devices/{id}/commands} (t0 just before it), then {@code GET /v1/commands/{id}} every poll interval while the
 * command is in flight, until its status is final. Round trip = t0 -> the GET answer that shows {@code executed}.
 * One keep-alive HTTP/1.1 client; the command JSON is read with two patterns (the bench JVM shares the cores with the
 * service, so it does as little as it can).
 */
final class CommandRoundTrips {

    private static final Pattern COMMAND_ID = Pattern.compile("\"commandId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ATTEMPT = Pattern.compile("\"attempt\"\\s*:\\s*(\\d+)");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([a-z]+)\"");
    private static final Duration GIVE_UP = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI base;
    private final String authorization;
    private final Duration pollInterval;

    /** Measured samples of one run. */
    static final class Result {
        final Latencies roundTrips = new Latencies();
        final Latencies posts = new Latencies();
        final AtomicLong commands = new AtomicLong();
        final AtomicLong polls = new AtomicLong();
        /** Measured commands executed at attempt 2 or later (a retry after a failed or unacknowledged send). */
        final AtomicLong resent = new AtomicLong();
        volatile String lastResentBody;
        final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        /** Executed commands (warm-up included): finished commands for the GET baseline. */
        final Queue<String> executedIds = new ConcurrentLinkedQueue<>();

        long failureCount() {
            return failures.values().stream().mapToLong(AtomicLong::get).sum();
        }

        void fail(boolean measured, String reason) {
            if (measured) {
                failures.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    CommandRoundTrips(HttpClient http, URI base, String apiKey, Duration pollInterval) {
        this.http = http;
        this.base = base;
        this.authorization = "Bearer " + apiKey;
        this.pollInterval = pollInterval;
    }

    /**
     * Command k goes to device {@code k mod n}; each device's commands alternate {@code on}, {@code off}.
     */
    Result run(List<String> deviceIds, String transport, int rate, Duration warmup, Duration duration,
               PacedRun.WindowListener window) {
        Result result = new Result();
        int n = deviceIds.size();
        PacedRun.run(rate, warmup, duration, (k, measured) -> {
            String device = deviceIds.get((int) (k % n));
            String state = (k / n) % 2 == 0 ? "on" : "off";
            command(device, state, transport, measured, result);
        }, window);
        return result;
    }

    private void command(String device, String state, String transport, boolean measured, Result result)
            throws InterruptedException {
        HttpRequest post = HttpRequest.newBuilder(base.resolve("/v1/devices/" + device + "/commands"))
                .timeout(GIVE_UP)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"name": "sprinkler", "parameters": {"state": "%s"}, "timeToLive": "PT5M", "transport": "%s"}"""
                        .formatted(state, transport)))
                .build();
        long t0 = System.nanoTime();
        HttpResponse<String> accepted;
        try {
            accepted = http.send(post, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            result.fail(measured, "POST " + e.getClass().getSimpleName());
            return;
        }
        long postNanos = System.nanoTime() - t0;
        if (measured) {
            result.commands.incrementAndGet();
        }
        Matcher id = COMMAND_ID.matcher(accepted.body());
        if (accepted.statusCode() != 202 || !id.find()) {
            result.fail(measured, "POST " + accepted.statusCode());
            return;
        }
        if (measured) {
            result.posts.add(postNanos);
        }
        String commandId = id.group(1);
        HttpRequest get = HttpRequest.newBuilder(base.resolve("/v1/commands/" + commandId))
                .timeout(GIVE_UP).header("Authorization", authorization).GET().build();
        String status = statusOf(accepted.body());
        String body = accepted.body();
        while (true) {
            if ("executed".equals(status)) {
                break;
            }
            if ("failed".equals(status) || "expired".equals(status)) {
                result.fail(measured, status);
                return;
            }
            if (System.nanoTime() - t0 > GIVE_UP.toNanos()) {
                result.fail(measured, "not final after " + GIVE_UP.toSeconds() + " s (" + status + ")");
                return;
            }
            LockSupport.parkNanos(pollInterval.toNanos());
            HttpResponse<String> polled;
            try {
                polled = http.send(get, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                result.fail(measured, "GET " + e.getClass().getSimpleName());
                return;
            }
            if (measured) {
                result.polls.incrementAndGet();
            }
            if (polled.statusCode() != 200) {
                result.fail(measured, "GET " + polled.statusCode());
                return;
            }
            body = polled.body();
            status = statusOf(body);
        }
        long roundTrip = System.nanoTime() - t0;
        if (measured) {
            result.roundTrips.add(roundTrip);
            Matcher attempt = ATTEMPT.matcher(body);
            if (attempt.find() && Integer.parseInt(attempt.group(1)) > 1) {
                result.resent.incrementAndGet();
                result.lastResentBody = body;
            }
        }
        result.executedIds.add(commandId);
    }

    /**
     * The REST floor: {@code GET /v1/commands/{id}} of finished commands alone, paced at {@code rate}.
     */
    Latencies getFinished(List<String> commandIds, int rate, Duration warmup, Duration duration, AtomicLong errors) {
        Latencies latencies = new Latencies();
        PacedRun.run(rate, warmup, duration, (k, measured) -> {
            HttpRequest get = HttpRequest.newBuilder(base.resolve("/v1/commands/" + commandIds.get((int) (k % commandIds.size()))))
                    .timeout(GIVE_UP).header("Authorization", authorization).GET().build();
            long t0 = System.nanoTime();
            HttpResponse<String> response = http.send(get, HttpResponse.BodyHandlers.ofString());
            long nanos = System.nanoTime() - t0;
            if (!measured) {
                return;
            }
            if (response.statusCode() == 200 && "executed".equals(statusOf(response.body()))) {
                latencies.add(nanos);
            } else {
                errors.incrementAndGet();
            }
        }, starting -> { });
        return latencies;
    }

    private static String statusOf(String body) {
        Matcher status = STATUS.matcher(body);
        return status.find() ? status.group(1) : "";
    }
}
