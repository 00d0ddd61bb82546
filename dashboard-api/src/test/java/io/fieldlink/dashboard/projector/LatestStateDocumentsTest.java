package io.fieldlink.dashboard.projector;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertEventType;
import io.fieldlink.contracts.AlertStatus;
import io.fieldlink.contracts.AlertTrigger;
import io.fieldlink.contracts.CommandStatus;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.CommandTransport;
import io.fieldlink.contracts.Severity;
import io.fieldlink.dashboard.DashboardProperties.Granularity;
import io.fieldlink.dashboard.store.IndexLayout;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatestStateDocumentsTest {

    static final Instant RAISED = Instant.parse("2026-11-27T10:03:00Z");

    private final LatestStateDocuments documents = new LatestStateDocuments(new IndexLayout("fieldlink",
            Granularity.MONTHLY));

    static AlertEvent alert(String tenant, String alertId, long sequence, AlertEventType type, AlertStatus status,
                            Instant occurredAt) {
        AlertTrigger trigger = new AlertTrigger("temperature", 37.9, "temperature > 35.0 for PT1M", 35.0, null, null,
                null, RAISED, "msg-1", RAISED.plusMillis(210));
        return new AlertEvent(alertId + ":" + sequence, type, alertId, sequence, status, tenant, "dev-1", "farm-heat",
                "Field too hot", Severity.MAJOR, RAISED, occurredAt, trigger,
                type == AlertEventType.CLEARED ? "condition-cleared" : null,
                status == AlertStatus.ACKNOWLEDGED ? "farm-ui" : null,
                status == AlertStatus.ACKNOWLEDGED ? occurredAt : null,
                status == AlertStatus.CLEARED ? occurredAt : null);
    }

    static CommandStatusChanged command(String tenant, String commandId, long sequence, CommandStatus status) {
        return new CommandStatusChanged(commandId, tenant, "dev-1", "sprinkler", Map.of("state", "on", "zone.id", "3"),
                CommandTransport.MQTT, status, status == CommandStatus.QUEUED ? 0 : 1, sequence, null,
                status == CommandStatus.EXECUTED ? Map.of("valve", "open") : null, RAISED, RAISED.plusSeconds(3600),
                RAISED.plusSeconds(sequence), "rule:farm-heat:a-1:raised");
    }

    @Test
    void anAlertEventBecomesTheWholeAlertVersionedBySequence() {
        VersionedDocument document = documents.alert(alert("OP1", "a-1", 3, AlertEventType.ACKNOWLEDGED,
                AlertStatus.ACKNOWLEDGED, RAISED.plusSeconds(60)), 7);

        assertThat(document.position()).isEqualTo(7);
        assertThat(document.index()).isEqualTo("fieldlink-alerts");
        assertThat(document.id()).isEqualTo("OP1:a-1");
        assertThat(document.version()).isEqualTo(3);
        assertThat(document.document())
                .containsEntry("tenantId", "OP1").containsEntry("deviceId", "dev-1").containsEntry("alertId", "a-1")
                .containsEntry("sequence", 3L).containsEntry("lastEventType", "acknowledged")
                .containsEntry("status", "acknowledged").containsEntry("ruleId", "farm-heat")
                .containsEntry("ruleName", "Field too hot").containsEntry("severity", "major")
                .containsEntry("raisedAt", "2026-11-27T10:03:00Z").containsEntry("occurredAt", "2026-11-27T10:04:00Z")
                .containsEntry("acknowledgedBy", "farm-ui").containsEntry("acknowledgedAt", "2026-11-27T10:04:00Z")
                .doesNotContainKeys("clearedAt", "reason");
        assertThat(document.document().get("trigger")).isEqualTo(Map.of("measurement", "temperature", "value", 37.9,
                "condition", "temperature > 35.0 for PT1M", "threshold", 35.0, "eventTime", "2026-11-27T10:03:00Z",
                "messageId", "msg-1", "receivedTime", "2026-11-27T10:03:00.210Z"));
    }

    @Test
    void aNonFiniteTriggerValueIsLeftOutAndTheRestIsKept() {
        AlertEvent event = alert("OP1", "a-1", 1, AlertEventType.RAISED, AlertStatus.OPEN, RAISED);
        AlertTrigger nan = new AlertTrigger("temperature", Double.NaN, "stuck", null, null, null, null, RAISED, null, null);
        AlertEvent withNan = new AlertEvent(event.eventId(), event.type(), event.alertId(), 1, event.status(), "OP1",
                "dev-1", "r", null, Severity.INFO, RAISED, RAISED, nan, null, null, null, null);

        @SuppressWarnings("unchecked")
        Map<String, Object> trigger = (Map<String, Object>) documents.alert(withNan, 0).document().get("trigger");
        assertThat(trigger)
                .doesNotContainKey("value").containsEntry("condition", "stuck");
    }

    @Test
    void aCommandStatusChangeBecomesTheWholeCommandVersionedBySequence() {
        VersionedDocument document = documents.command(command("OP1", "a-1:raised", 4, CommandStatus.EXECUTED), 2);

        assertThat(document.index()).isEqualTo("fieldlink-commands");
        assertThat(document.id()).isEqualTo("OP1:a-1:raised");
        assertThat(document.version()).isEqualTo(4);
        assertThat(document.document())
                .containsEntry("tenantId", "OP1").containsEntry("deviceId", "dev-1")
                .containsEntry("commandId", "a-1:raised").containsEntry("sequence", 4L)
                .containsEntry("name", "sprinkler").containsEntry("parameters", Map.of("state", "on", "zone.id", "3"))
                .containsEntry("transport", "mqtt").containsEntry("status", "executed").containsEntry("attempt", 1)
                .containsEntry("result", Map.of("valve", "open"))
                .containsEntry("requestedAt", "2026-11-27T10:03:00Z").containsEntry("expiresAt", "2026-11-27T11:03:00Z")
                .containsEntry("occurredAt", "2026-11-27T10:03:04Z")
                .containsEntry("origin", "rule:farm-heat:a-1:raised")
                .doesNotContainKey("detail");
    }

    @Test
    void aTenantWithTheSeparatorIsPoison() {
        assertThatThrownBy(() -> documents.alert(alert("OP:1", "a-1", 1, AlertEventType.RAISED, AlertStatus.OPEN,
                RAISED), 0)).isInstanceOf(PoisonRecordException.class).hasMessage("tenantId must not contain ':'");
        assertThatThrownBy(() -> documents.command(command("OP:1", "c-1", 1, CommandStatus.QUEUED), 0))
                .isInstanceOf(PoisonRecordException.class).hasMessage("tenantId must not contain ':'");
    }

    @Test
    void blankIdsTooLongIdsAndNegativeSequencesArePoison() {
        assertThatThrownBy(() -> documents.alert(alert("OP1", " ", 1, AlertEventType.RAISED, AlertStatus.OPEN, RAISED), 0))
                .isInstanceOf(PoisonRecordException.class).hasMessage("alertId is blank");
        assertThatThrownBy(() -> documents.command(command("OP1", "c".repeat(510), 1, CommandStatus.QUEUED), 0))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessage("tenantId and commandId together exceed 512 bytes");
        assertThatThrownBy(() -> documents.command(command("OP1", "c-1", -1, CommandStatus.QUEUED), 0))
                .isInstanceOf(PoisonRecordException.class).hasMessage("sequence -1 is negative");
    }
}
