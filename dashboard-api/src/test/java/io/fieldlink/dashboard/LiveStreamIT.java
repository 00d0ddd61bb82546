package io.fieldlink.dashboard;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertEventType;
import io.fieldlink.contracts.AlertStatus;
import io.fieldlink.contracts.CommandStatus;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.CommandTransport;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.Severity;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/stream} end to end: a real HTTP client reads the event stream of tenant A while readings,
 * alerts and command statuses of tenants A and B are published to the real broker; A's stream carries
 * A's events and never B's, and B's stream the other way round.
 */
class LiveStreamIT extends DashboardITSupport {

    private static final String TENANT_A = "OP-ITLIVEA";
    private static final String TENANT_B = "OP-ITLIVEB";
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private final List<EventStreamClient> open = new ArrayList<>();

    @AfterEach
    void closeStreams() {
        open.forEach(EventStreamClient::close);
    }

    private EventStreamClient stream(String query, String apiKey) throws Exception {
        EventStreamClient stream = EventStreamClient.open(port, query, apiKey);
        open.add(stream);
        return stream;
    }

    private static TelemetryReceived reading(String tenant, String device) {
        return reading(tenant, device, unique("live-msg"), T0, Map.of("temperature", 21.5), Map.of());
    }

    private static AlertEvent alert(String tenant, String device) {
        String alertId = unique("live-alert");
        return new AlertEvent(alertId + ":1", AlertEventType.RAISED, alertId, 1, AlertStatus.OPEN, tenant, device,
                "farm-heat", "畑が暑すぎる", Severity.MAJOR, T0, T0, null, null, null, null, null);
    }

    private static CommandStatusChanged command(String tenant, String device) {
        return new CommandStatusChanged(unique("live-cmd"), tenant, device, "sprinkler", Map.of("state", "on"),
                CommandTransport.MQTT, CommandStatus.EXECUTED, 1, 4, null, Map.of("valve", "open"), T0,
                T0.plusSeconds(3600), T0.plusSeconds(2), "api:it");
    }

    @Test
    void aStreamCarriesTheTenantsReadingsAlertsAndCommandsAndNeverAnotherTenants() throws Exception {
        EventStreamClient streamA = stream("", LIVE_A_KEY);
        EventStreamClient streamB = stream("", LIVE_B_KEY);
        assertThat(streamA.response.statusCode()).isEqualTo(200);
        assertThat(streamA.response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        awaitLiveStream(streamA, TENANT_A);

        String deviceA = unique("live-a");
        String deviceB = unique("live-b");
        String key = unique("live-key"); // one key: per topic, one partition, so later records come later
        TelemetryReceived readingA = reading(TENANT_A, deviceA);
        AlertEvent alertA = alert(TENANT_A, deviceA);
        CommandStatusChanged commandA = command(TENANT_A, deviceA);
        publish(Topics.TELEMETRY.name(), key, reading(TENANT_B, deviceB));
        publish(Topics.ALERTS.name(), key, alert(TENANT_B, deviceB));
        publish(Topics.COMMAND_STATUS.name(), key, command(TENANT_B, deviceB));
        publish(Topics.TELEMETRY.name(), key, readingA);
        publish(Topics.ALERTS.name(), key, alertA);
        publish(Topics.COMMAND_STATUS.name(), key, commandA);

        eventually().until(() -> streamA.has("reading", deviceA) && streamA.has("alert", deviceA)
                && streamA.has("command", deviceA));
        eventually().until(() -> streamB.has("reading", deviceB) && streamB.has("alert", deviceB)
                && streamB.has("command", deviceB));

        // the data is the contract record, unchanged (including non-ASCII text)
        assertThat(ContractJson.read(dataOf(streamA, "reading", deviceA), TelemetryReceived.class)).isEqualTo(readingA);
        assertThat(ContractJson.read(dataOf(streamA, "alert", deviceA), AlertEvent.class)).isEqualTo(alertA);
        assertThat(ContractJson.read(dataOf(streamA, "command", deviceA), CommandStatusChanged.class))
                .isEqualTo(commandA);
        // B's events came before A's on the same partitions: had they leaked, A would have them by now
        assertThat(streamA.events).allSatisfy(e -> assertThat(e.tenantId()).isEqualTo(TENANT_A));
        assertThat(streamB.events).allSatisfy(e -> assertThat(e.tenantId()).isEqualTo(TENANT_B));
        assertThat(streamA.comments).contains("heartbeat"); // the first line, sent on opening
    }

    @Test
    void deviceAndTypeFiltersNarrowTheStream() throws Exception {
        String device = unique("live-f");
        String other = unique("live-g");
        EventStreamClient all = stream("", LIVE_A_KEY);
        EventStreamClient filtered = stream("?deviceId=" + device + "&types=alert,command", LIVE_A_KEY);
        awaitLiveStream(all, TENANT_A);

        String key = unique("live-key");
        publish(Topics.TELEMETRY.name(), key, reading(TENANT_A, device));
        publish(Topics.ALERTS.name(), key, alert(TENANT_A, other));
        publish(Topics.ALERTS.name(), key, alert(TENANT_A, device));
        publish(Topics.COMMAND_STATUS.name(), key, command(TENANT_A, device));

        eventually().until(() -> filtered.has("alert", device) && filtered.has("command", device)
                && all.has("alert", device) && all.has("command", device));
        assertThat(all.has("reading", device)).isTrue();
        assertThat(all.has("alert", other)).isTrue();
        assertThat(filtered.events).allSatisfy(e -> {
            assertThat(e.deviceId()).isEqualTo(device);
            assertThat(e.name()).isIn("alert", "command");
        });
    }

    private static byte[] dataOf(EventStreamClient stream, String event, String deviceId) {
        return stream.events.stream().filter(e -> e.name().equals(event) && e.deviceId().equals(deviceId))
                .findFirst().orElseThrow().data().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
