package io.fieldlink.dashboard.projector;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertTrigger;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.dashboard.store.Fields;
import io.fieldlink.dashboard.store.IndexLayout;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps alert events and command status changes to their read-model documents: one document per alert
 * and one per command, each holding the whole state after the event (both contracts carry the whole
 * state in every record), versioned by the event's {@code sequence}. Refuses what could never be
 * stored, with a reason, so the record is dead-lettered readably:
 * <ul>
 *   <li>a tenant id containing {@code ':'} (it is part of the document id);</li>
 *   <li>a blank id, or a document id longer than 512 UTF-8 bytes (OpenSearch's limit);</li>
 *   <li>a negative sequence (OpenSearch's external versions start at 0).</li>
 * </ul>
 */
final class LatestStateDocuments {

    private final IndexLayout layout;

    LatestStateDocuments(IndexLayout layout) {
        this.layout = layout;
    }

    /** @throws PoisonRecordException when the event can never be stored */
    VersionedDocument alert(AlertEvent event, int position) {
        String id = documentId(event.tenantId(), "alertId", event.alertId(), event.deviceId());
        requireSequence(event.sequence());
        Map<String, Object> document = new LinkedHashMap<>();
        document.put(Fields.TENANT_ID, event.tenantId());
        document.put(Fields.DEVICE_ID, event.deviceId());
        document.put(Fields.ALERT_ID, event.alertId());
        document.put(Fields.SEQUENCE, event.sequence());
        document.put(Fields.LAST_EVENT_TYPE, event.type().wireName());
        document.put(Fields.STATUS, event.status().wireName());
        document.put(Fields.RULE_ID, event.ruleId());
        putIfPresent(document, Fields.RULE_NAME, event.ruleName());
        document.put(Fields.SEVERITY, event.severity().wireName());
        document.put(Fields.RAISED_AT, event.raisedAt().toString());
        document.put(Fields.OCCURRED_AT, event.occurredAt().toString());
        putIfPresent(document, Fields.REASON, event.reason());
        putIfPresent(document, Fields.ACKNOWLEDGED_BY, event.acknowledgedBy());
        putIfPresent(document, Fields.ACKNOWLEDGED_AT, event.acknowledgedAt());
        putIfPresent(document, Fields.CLEARED_AT, event.clearedAt());
        if (event.trigger() != null) {
            document.put(Fields.TRIGGER, trigger(event.trigger()));
        }
        return new VersionedDocument(position, layout.alertsIndex(), id, event.sequence(), document);
    }

    /** @throws PoisonRecordException when the status change can never be stored */
    VersionedDocument command(CommandStatusChanged change, int position) {
        String id = documentId(change.tenantId(), "commandId", change.commandId(), change.deviceId());
        requireSequence(change.sequence());
        Map<String, Object> document = new LinkedHashMap<>();
        document.put(Fields.TENANT_ID, change.tenantId());
        document.put(Fields.DEVICE_ID, change.deviceId());
        document.put(Fields.COMMAND_ID, change.commandId());
        document.put(Fields.SEQUENCE, change.sequence());
        document.put(Fields.NAME, change.name());
        document.put(Fields.PARAMETERS, change.parameters());
        document.put(Fields.TRANSPORT, change.transport().wireName());
        document.put(Fields.STATUS, change.status().wireName());
        document.put(Fields.ATTEMPT, change.attempt());
        putIfPresent(document, Fields.DETAIL, change.detail());
        if (change.result() != null) {
            document.put(Fields.RESULT, change.result());
        }
        document.put(Fields.REQUESTED_AT, change.requestedAt().toString());
        document.put(Fields.EXPIRES_AT, change.expiresAt().toString());
        document.put(Fields.OCCURRED_AT, change.occurredAt().toString());
        putIfPresent(document, Fields.ORIGIN, change.origin());
        return new VersionedDocument(position, layout.commandsIndex(), id, change.sequence(), document);
    }

    private static Map<String, Object> trigger(AlertTrigger trigger) {
        Map<String, Object> result = new LinkedHashMap<>();
        putIfPresent(result, "measurement", trigger.measurement());
        // a non-finite value cannot be stored as a double; the rest of the trigger still can
        if (trigger.value() != null && Double.isFinite(trigger.value())) {
            result.put("value", trigger.value());
        }
        putIfPresent(result, "condition", trigger.condition());
        if (trigger.threshold() != null && Double.isFinite(trigger.threshold())) {
            result.put("threshold", trigger.threshold());
        }
        putIfPresent(result, "aggregate", trigger.aggregate());
        putIfPresent(result, "windowStart", trigger.windowStart());
        putIfPresent(result, "windowEnd", trigger.windowEnd());
        putIfPresent(result, "eventTime", trigger.eventTime());
        putIfPresent(result, "messageId", trigger.messageId());
        putIfPresent(result, "receivedTime", trigger.receivedTime());
        return result;
    }

    private static String documentId(String tenantId, String idField, String id, String deviceId) {
        requireNotBlank("tenantId", tenantId);
        requireNotBlank(idField, id);
        requireNotBlank("deviceId", deviceId);
        if (tenantId.indexOf(IndexLayout.DEVICE_ID_SEPARATOR) >= 0) {
            throw new PoisonRecordException("tenantId must not contain '" + IndexLayout.DEVICE_ID_SEPARATOR + "'");
        }
        String documentId = IndexLayout.tenantDocumentId(tenantId, id);
        if (documentId.getBytes(StandardCharsets.UTF_8).length > TelemetryDocuments.MAX_ID_BYTES) {
            throw new PoisonRecordException("tenantId and " + idField + " together exceed "
                    + TelemetryDocuments.MAX_ID_BYTES + " bytes");
        }
        return documentId;
    }

    private static void requireNotBlank(String field, String value) {
        if (value.isBlank()) {
            throw new PoisonRecordException(field + " is blank");
        }
    }

    private static void requireSequence(long sequence) {
        if (sequence < 0) {
            throw new PoisonRecordException("sequence " + sequence + " is negative");
        }
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value instanceof Instant instant) {
            map.put(key, instant.toString());
        } else if (value != null) {
            map.put(key, value);
        }
    }
}
