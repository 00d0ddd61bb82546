package io.fieldlink.simulator;

import com.sun.net.httpserver.HttpServer;
import io.fieldlink.contracts.DeviceCommand;
import io.fieldlink.contracts.DeviceCommandOutcome;
import io.fieldlink.contracts.DeviceCommandResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.fieldlink.simulator.PackageDownloaderTest.PACKAGE;
import static io.fieldlink.simulator.PackageDownloaderTest.SHA256;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code firmware.update} on the sprinkler: answers and download on the download executor (run by hand here). */
class FirmwareUpdateCommandTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:03:00Z");

    private HttpServer server;
    private final Queue<Runnable> downloads = new ArrayDeque<>();
    private final List<DeviceCommandResponse> answers = new CopyOnWriteArrayList<>();
    private SprinklerActuator device;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/pkg", exchange -> {
            exchange.sendResponseHeaders(200, PACKAGE.length);
            exchange.getResponseBody().write(PACKAGE);
            exchange.close();
        });
        server.createContext("/expired", exchange -> {
            exchange.sendResponseHeaders(403, -1);
            exchange.close();
        });
        server.start();
        device = new SprinklerActuator("295000000000001", Clock.fixed(NOW, ZoneOffset.UTC), switched -> {
        }, new PackageDownloader(HttpClient.newHttpClient(), 1 << 20), downloads::add);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private DeviceCommand update(String id, String path, String sha256, Map<String, String> extra) {
        var parameters = new java.util.HashMap<>(Map.of("url", "http://127.0.0.1:" + server.getAddress().getPort() + path,
                "sha256", sha256, "name", "potato-model", "version", "2.1"));
        parameters.putAll(extra);
        return new DeviceCommand(id, "firmware.update", parameters, NOW.plusSeconds(60));
    }

    private void runDownloads() {
        for (Runnable task; (task = downloads.poll()) != null; ) {
            task.run();
        }
    }

    @Test
    void deliveredAtOnceThenExecutedWithTheHashOnceTheDownloadRan() {
        device.handle(update("c-fw", "/pkg", SHA256, Map.of("size", Integer.toString(PACKAGE.length))), answers::add);

        assertThat(answers).extracting(DeviceCommandResponse::outcome).containsExactly(DeviceCommandOutcome.DELIVERED);
        assertThat(downloads).hasSize(1);

        runDownloads();

        assertThat(answers).last().isEqualTo(new DeviceCommandResponse("c-fw", DeviceCommandOutcome.EXECUTED,
                Map.of("sha256", SHA256, "name", "potato-model", "version", "2.1", "size", Integer.toString(PACKAGE.length)),
                null, NOW));
        assertThat(device.installed().version()).isEqualTo("2.1");
    }

    @Test
    void aRepeatWhileDownloadingGetsDeliveredAgainAndAfterwardsTheResult() {
        device.handle(update("c-fw", "/pkg", SHA256, Map.of()), answers::add);
        device.handle(update("c-fw", "/pkg", SHA256, Map.of()), answers::add);
        runDownloads();
        device.handle(update("c-fw", "/pkg", SHA256, Map.of()), answers::add);

        assertThat(answers).extracting(DeviceCommandResponse::outcome).containsExactly(DeviceCommandOutcome.DELIVERED,
                DeviceCommandOutcome.DELIVERED, DeviceCommandOutcome.EXECUTED, DeviceCommandOutcome.EXECUTED);
        assertThat(downloads).isEmpty();
    }

    @Test
    void failuresCarryTheirDetail() {
        String wrong = "1".repeat(64);
        device.handle(update("c-hash", "/pkg", wrong, Map.of()), answers::add);
        device.handle(update("c-403", "/expired", SHA256, Map.of()), answers::add);
        device.handle(update("c-size", "/pkg", SHA256, Map.of("size", "12")), answers::add);
        device.handle(new DeviceCommand("c-url", "firmware.update", Map.of("url", "ftp://x/y", "sha256", SHA256,
                "name", "n", "version", "v"), NOW.plusSeconds(60)), answers::add);
        runDownloads();

        assertThat(answers).filteredOn(a -> a.outcome() == DeviceCommandOutcome.FAILED)
                .extracting(DeviceCommandResponse::commandId, DeviceCommandResponse::detail)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("c-hash", "integrity check failed: expected " + wrong + " got " + SHA256),
                        org.assertj.core.groups.Tuple.tuple("c-403", "download failed: HTTP 403"),
                        org.assertj.core.groups.Tuple.tuple("c-size", "integrity check failed: expected 12 bytes got " + PACKAGE.length),
                        org.assertj.core.groups.Tuple.tuple("c-url", "invalid url"));
        assertThat(device.installed()).isNull();
    }
}
