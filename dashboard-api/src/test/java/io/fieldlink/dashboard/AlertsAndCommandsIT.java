package io.fieldlink.dashboard;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertEventType;
import io.fieldlink.contracts.AlertStatus;
import io.fieldlink.contracts.AlertTrigger;
import io.fieldlink.contracts.CommandStatus;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.CommandTransport;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.Severity;
import io.fieldlink.contracts.Topics;
import io.fieldlink.testsupport.KafkaExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts and command statuses end to end on the real broker and node: events on iot.alerts.v1 and
 * iot.command-status.v1, including an older event arriving after a newer one and duplicates, become
 * one document per alert / command in its newest state, served by the read endpoints to the owning
 * tenant only; poison records go to their dead-letter topic.
 */
class AlertsAndCommandsIT extends DashboardITSupport {

    private static final String TENANT_A = "OP-ITALA";
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private static AlertEvent alert(String device, String alertId, long sequence, AlertEventType type,
                                    AlertStatus status, Instant raisedAt) {
        Instant occurredAt = raisedAt.plusSeconds(60 * sequence);
        AlertTrigger trigger = new AlertTrigger("temperature", 36.0 + sequence, "temperature > 35.0", 35.0, null, null,
                null, occurredAt, "msg-" + sequence, occurredAt);
        return new AlertEvent(alertId + ":" + sequence, type, alertId, sequence, status, TENANT_A, device, "farm-heat",
                "Field too hot", Severity.MAJOR, raisedAt, occurredAt, trigger, null,
                status == AlertStatus.OPEN ? null : "farm-ui",
                status == AlertStatus.OPEN ? null : raisedAt.plusSeconds(120),
                status == AlertStatus.CLEARED ? occurredAt : null);
    }

    private static CommandStatusChanged command(String device, String commandId, long sequence, CommandStatus status,
                                                Instant requestedAt) {
        return new CommandStatusChanged(commandId, TENANT_A, device, "sprinkler", Map.of("state", "on"),
                CommandTransport.MQTT, status, sequence > 1 ? 1 : 0, sequence, null,
                status == CommandStatus.EXECUTED ? Map.of("valve", "open") : null, requestedAt,
                requestedAt.plusSeconds(3600), requestedAt.plusSeconds(sequence), "rule:farm-heat:x:raised");
    }

    @Test
    void theNewestAlertStateWinsWhateverTheOrderAndItStaysInItsTenant() {
        String device = unique("al-dev");
        String alertId = unique("alert");
        String later = unique("alert-later");
        String alerts = Topics.ALERTS.name();
        publish(alerts, device, alert(device, alertId, 1, AlertEventType.RAISED, AlertStatus.OPEN, T0));
        publish(alerts, device, alert(device, alertId, 3, AlertEventType.CLEARED, AlertStatus.CLEARED, T0));
        // older than the stored state: must not bring the alert back to "acknowledged"
        publish(alerts, device, alert(device, alertId, 2, AlertEventType.ACKNOWLEDGED, AlertStatus.ACKNOWLEDGED, T0));
        publish(alerts, device, alert(device, alertId, 3, AlertEventType.CLEARED, AlertStatus.CLEARED, T0));
        // same key, so same partition: once it is visible, every record above has been projected
        publish(alerts, device, alert(device, later, 1, AlertEventType.RAISED, AlertStatus.OPEN, T0.plusSeconds(600)));

        eventually().until(() -> get("/v1/alerts/" + later, ALERTS_A_KEY).status() == 200);

        JsonNode stored = get("/v1/alerts/" + alertId, ALERTS_A_KEY).body();
        assertThat(stored.get("state").asString()).isEqualTo("cleared");
        assertThat(stored.get("lastEvent").asString()).isEqualTo("cleared");
        assertThat(stored.get("sequence").asLong()).isEqualTo(3);
        assertThat(stored.get("deviceId").asString()).isEqualTo(device);
        assertThat(stored.get("raisedAt").asString()).isEqualTo("2026-11-20T10:00:00Z");
        assertThat(stored.get("clearedAt").asString()).isEqualTo("2026-11-20T10:03:00Z");
        assertThat(stored.get("trigger").get("value").asDouble()).isEqualTo(39.0);
        // the first write and the duplicate and the late event did not write (versions 1 and 3 only)
        assertThat(version("fieldlink-alerts", TENANT_A + ":" + alertId)).isEqualTo(3);

        // the list: newest raised first, filters, and a cursor that walks the pages
        eventually().until(() -> get("/v1/alerts?deviceId=" + device, ALERTS_A_KEY).body().get("items").size() == 2);
        JsonNode all = get("/v1/alerts?deviceId=" + device, ALERTS_A_KEY).body();
        assertThat(ids(all, "alertId")).containsExactly(later, alertId);
        assertThat(all.get("nextCursor").isNull()).isTrue();
        assertThat(ids(get("/v1/alerts?deviceId=" + device + "&state=open", ALERTS_A_KEY).body(), "alertId"))
                .containsExactly(later);
        assertThat(ids(get("/v1/alerts?deviceId=" + device + "&severity=critical", ALERTS_A_KEY).body(), "alertId"))
                .isEmpty();
        JsonNode first = get("/v1/alerts?deviceId=" + device + "&limit=1", ALERTS_A_KEY).body();
        assertThat(ids(first, "alertId")).containsExactly(later);
        JsonNode second = get("/v1/alerts?deviceId=" + device + "&limit=1&cursor="
                + first.get("nextCursor").asString(), ALERTS_A_KEY).body();
        assertThat(ids(second, "alertId")).containsExactly(alertId);
        assertThat(second.get("nextCursor").isNull()).isTrue();

        // another tenant sees nothing of it
        Response foreign = get("/v1/alerts/" + alertId, ALERTS_B_KEY);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.contentType()).startsWith("application/problem+json");
        assertThat(foreign.body().get("type").asString()).isEqualTo("https://fieldlink.io/problems/alert-not-found");
        assertThat(get("/v1/alerts?deviceId=" + device, ALERTS_B_KEY).body().get("items").size()).isZero();
        assertThat(get("/v1/alerts", ALERTS_B_KEY).body().get("items").size()).isZero();
    }

    @Test
    void theNewestCommandStateWinsWhateverTheOrderAndItStaysInItsTenant() {
        String device = unique("cmd-dev");
        String commandId = unique("alert") + ":raised";
        String later = unique("cmd-later");
        String statuses = Topics.COMMAND_STATUS.name();
        publish(statuses, device, command(device, commandId, 1, CommandStatus.QUEUED, T0));
        publish(statuses, device, command(device, commandId, 2, CommandStatus.SENT, T0));
        publish(statuses, device, command(device, commandId, 4, CommandStatus.EXECUTED, T0));
        publish(statuses, device, command(device, commandId, 3, CommandStatus.DELIVERED, T0)); // late
        publish(statuses, device, command(device, commandId, 4, CommandStatus.EXECUTED, T0)); // duplicate
        publish(statuses, device, command(device, later, 1, CommandStatus.QUEUED, T0.plusSeconds(60)));

        eventually().until(() -> get("/v1/commands/" + later, ALERTS_A_KEY).status() == 200);

        JsonNode stored = get("/v1/commands/" + commandId, ALERTS_A_KEY).body();
        assertThat(stored.get("status").asString()).isEqualTo("executed");
        assertThat(stored.get("sequence").asLong()).isEqualTo(4);
        assertThat(stored.get("result").get("valve").asString()).isEqualTo("open");
        assertThat(stored.get("parameters").get("state").asString()).isEqualTo("on");
        assertThat(stored.get("transport").asString()).isEqualTo("mqtt");
        assertThat(version("fieldlink-commands", TENANT_A + ":" + commandId)).isEqualTo(4);

        eventually().until(() -> get("/v1/devices/" + device + "/commands", ALERTS_A_KEY).body().get("items")
                .size() == 2);
        JsonNode page = get("/v1/devices/" + device + "/commands", ALERTS_A_KEY).body();
        assertThat(ids(page, "commandId")).containsExactly(later, commandId);
        JsonNode first = get("/v1/devices/" + device + "/commands?limit=1", ALERTS_A_KEY).body();
        assertThat(ids(first, "commandId")).containsExactly(later);
        assertThat(ids(get("/v1/devices/" + device + "/commands?limit=1&cursor=" + first.get("nextCursor").asString(),
                ALERTS_A_KEY).body(), "commandId")).containsExactly(commandId);

        Response foreign = get("/v1/commands/" + commandId, ALERTS_B_KEY);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.body().get("type").asString()).isEqualTo("https://fieldlink.io/problems/command-not-found");
        Response foreignDevice = get("/v1/devices/" + device + "/commands", ALERTS_B_KEY);
        assertThat(foreignDevice.status()).isEqualTo(404);
        assertThat(foreignDevice.body().get("type").asString())
                .isEqualTo("https://fieldlink.io/problems/device-not-found");
    }

    @Test
    void poisonAlertAndCommandRecordsAreDeadLetteredAndTheRecordsBehindThemFlow() {
        String device = unique("poison-dev");
        String after = unique("after-poison");
        sendRaw(Topics.ALERTS.name(), device, "{\"alertId\": oops".getBytes(StandardCharsets.UTF_8));
        publish(Topics.ALERTS.name(), device, alert(device, after, 1, AlertEventType.RAISED, AlertStatus.OPEN, T0));
        CommandStatusChanged invalidCommand = new CommandStatusChanged("c-1", "OP:ITALA", device, "sprinkler", null,
                null, CommandStatus.QUEUED, 0, 1, null, null, T0, T0.plusSeconds(60), T0, null);
        publish(Topics.COMMAND_STATUS.name(), device, invalidCommand);

        ConsumerRecord<String, byte[]> dead = awaitDeadLetter("iot.alerts.dlq.v1", device);
        assertThat(header(dead, "fieldlink-dlq-reason")).startsWith("undeserialisable value: ");
        assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo("iot.alerts.v1");
        eventually().until(() -> get("/v1/alerts/" + after, ALERTS_A_KEY).status() == 200);

        ConsumerRecord<String, byte[]> deadCommand = awaitDeadLetter("iot.command-status.dlq.v1", device);
        assertThat(header(deadCommand, "fieldlink-dlq-reason")).isEqualTo("tenantId must not contain ':'");
        assertThat(ContractJson.read(deadCommand.value(), CommandStatusChanged.class)).isEqualTo(invalidCommand);
    }

    private static List<String> ids(JsonNode page, String field) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get(field).asString()));
        return ids;
    }

    private static ConsumerRecord<String, byte[]> awaitDeadLetter(String topic, String key) {
        List<ConsumerRecord<String, byte[]>> matching = eventually()
                .until(() -> KafkaExtension.node().readAll(topic).stream().filter(r -> key.equals(r.key())).toList(),
                        list -> !list.isEmpty());
        assertThat(matching).hasSize(1);
        return matching.getFirst();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
