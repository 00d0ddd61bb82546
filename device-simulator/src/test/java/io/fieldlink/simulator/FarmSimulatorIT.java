package io.fieldlink.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The simulator against a real HTTP server (the JDK's), checking what arrives on the wire. */
class FarmSimulatorIT {

    private static final String PSK = "it-beam-psk";

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Decides the status per request; default accepts everything. */
    private volatile Function<Received, Integer> answer = request -> 202;

    record Received(String path, String method, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().toLowerCase(), e -> String.join(",", e.getValue())));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var request = new Received(exchange.getRequestURI().getPath(), exchange.getRequestMethod(), headers, body);
            received.add(request);
            exchange.sendResponseHeaders(answer.apply(request), -1);
        }
    }

    private URI ingestUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private SimulatorOptions options(int devices, long rounds) {
        return SimulatorOptions.of(ingestUrl(), PSK).withDevices(devices).withCount(rounds)
                .withInterval(Duration.ofMillis(200)).withSeed(42);
    }

    @Test
    void everySensorPostsBeamSignedReadingsEveryRound() throws Exception {
        var reports = new CopyOnWriteArrayList<RoundReport>();
        try (var simulator = new FarmSimulator(options(4, 3), reports::add)) {
            simulator.start();
            assertThat(simulator.awaitFinished(Duration.ofSeconds(20))).isTrue();
            assertThat(simulator.stats()).isEqualTo(new SimulatorStats(3, 12, 0));
        }

        assertThat(received).hasSize(12);
        Map<String, Long> perImsi = received.stream().collect(Collectors.groupingBy(r -> r.header("x-soracom-imsi"), Collectors.counting()));
        assertThat(perImsi).containsOnlyKeys("295000000000001", "295000000000002", "295000000000003", "295000000000004")
                .allSatisfy((imsi, count) -> assertThat(count).isEqualTo(3));
        for (Received r : received) {
            assertThat(r.path()).isEqualTo("/v1/telemetry");
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.header("content-type")).isEqualTo("application/json");
            assertThat(r.header("x-soracom-imei")).matches("\\d{15}");
            assertThat(r.header("x-soracom-signature-version")).isEqualTo("20151001");
            // recomputed from the received headers exactly as section 1 of soracom-wire-formats.md says
            assertThat(r.header("x-soracom-signature")).isEqualTo(BeamSignerTest.sha256(PSK
                    + "x-soracom-imei=" + r.header("x-soracom-imei")
                    + "x-soracom-imsi=" + r.header("x-soracom-imsi")
                    + "x-soracom-timestamp=" + r.header("x-soracom-timestamp")));
            assertThat(r.body()).matches("\\{\"temperature\":\\d+\\.\\d{2},\"humidity\":\\d+\\.\\d,"
                    + "\"soil\":\\{\"moisture\":0\\.\\d{3}},\"battery\":\\d\\.\\d{3},\"timestamp\":\\d{13}}");
            assertThat(r.body()).endsWith("\"timestamp\":" + r.header("x-soracom-timestamp") + "}");
        }
        assertThat(reports).extracting(RoundReport::round).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(reports).allSatisfy(report -> {
            assertThat(report.sent()).isEqualTo(4);
            assertThat(report.lastStatus()).isEqualTo(202);
            assertThat(report.summary()).contains("sent 4/4, failed 0, retried 0, last HTTP status 202");
        });
    }

    @Test
    void retriesAFailedSendOnceWithTheSameTimestampAndSignature() throws Exception {
        var attempts = new ConcurrentHashMap<String, AtomicInteger>();
        answer = request -> attempts.computeIfAbsent(request.header("x-soracom-imsi"), k -> new AtomicInteger())
                .incrementAndGet() == 1 ? 503 : 202;

        try (var simulator = new FarmSimulator(options(3, 1))) {
            simulator.start();
            assertThat(simulator.awaitFinished(Duration.ofSeconds(20))).isTrue();
            assertThat(simulator.stats()).isEqualTo(new SimulatorStats(1, 3, 0));
        }

        assertThat(received).hasSize(6);
        Map<String, List<Received>> perImsi = received.stream().collect(Collectors.groupingBy(r -> r.header("x-soracom-imsi")));
        assertThat(perImsi).hasSize(3).allSatisfy((imsi, both) -> {
            assertThat(both).hasSize(2);
            assertThat(both.get(1).header("x-soracom-timestamp")).isEqualTo(both.get(0).header("x-soracom-timestamp"));
            assertThat(both.get(1).header("x-soracom-signature")).isEqualTo(both.get(0).header("x-soracom-signature"));
            assertThat(both.get(1).body()).isEqualTo(both.get(0).body());
        });
    }

    @Test
    void doesNotRetryARejectionAndCountsItAsFailed() throws Exception {
        answer = request -> 401;
        var reports = new CopyOnWriteArrayList<RoundReport>();

        try (var simulator = new FarmSimulator(options(2, 1), reports::add)) {
            simulator.start();
            assertThat(simulator.awaitFinished(Duration.ofSeconds(20))).isTrue();
            assertThat(simulator.stats()).isEqualTo(new SimulatorStats(1, 0, 2));
        }

        assertThat(received).hasSize(2);
        assertThat(reports).singleElement().satisfies(report ->
                assertThat(report.summary()).isEqualTo("round 1: sent 0/2, failed 2, retried 0, last HTTP status 401 (HTTP 401)"));
    }

    @Test
    void stopsWhenClosedAndSendsNothingAfterwards() {
        var simulator = new FarmSimulator(options(2, 0).withInterval(Duration.ofMillis(50)));
        simulator.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.stats().rounds() >= 2);

        simulator.close();

        assertThat(simulator.isFinished()).isTrue();
        int afterClose = received.size();
        assertThat(afterClose).isEqualTo(2 * (int) simulator.stats().rounds());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> received.size() == afterClose);
    }

    @Test
    void commandLineRunsTheGivenNumberOfRoundsAndPrintsOneLineEach() {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();

        int status = SimulatorMain.run(new String[]{"--ingest-url", ingestUrl().toString(), "--psk", PSK,
                "--devices", "5", "--interval", "100ms", "--count", "2", "--seed", "7"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed + err).isZero();
        assertThat(received).hasSize(10);
        assertThat(printed).contains("Simulating 5 field sensors (IMSI 295000000000001..295000000000005)", "seed 7")
                .contains("round 1: sent 5/5, failed 0, retried 0, last HTTP status 202")
                .contains("round 2: sent 5/5, failed 0, retried 0, last HTTP status 202")
                .contains("Done. 2 rounds, 10 readings sent, 0 failed.");
    }

    @Test
    void commandLineExitsWithOneWhenTheEdgeIsUnreachable() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        var out = new ByteArrayOutputStream();

        int status = SimulatorMain.run(new String[]{"--ingest-url", "http://127.0.0.1:" + closedPort, "--psk", PSK,
                "--devices", "2", "--count", "1"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()), false);

        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("round 1: sent 0/2, failed 2, retried 2, last HTTP status - (ConnectException")
                .contains("Done. 1 rounds, 0 readings sent, 2 failed.");
    }
}
