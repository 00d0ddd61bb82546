package io.fieldlink.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * One transition of an alert, published on {@link Topics#ALERTS} keyed by {@code deviceId}. At most one
 * alert is open per dedup key (rule, device); each episode has its own {@code alertId}.
 *
 * @param eventId        unique and deterministic id of this event ({@code alertId:sequence}): a consumer drops repeats
 * @param type           what happened
 * @param alertId        id of the alert (one episode of one rule on one device)
 * @param sequence       1 for RAISED, then +1 for every later event of the same alert
 * @param status         the alert's status after this event
 * @param tenantId       operator id owning the device and the rule
 * @param deviceId       the device
 * @param ruleId         the rule that raised it
 * @param ruleName       the rule's name when the event was made
 * @param severity       severity from the rule
 * @param raisedAt       event time at which the alert was raised
 * @param occurredAt     when this transition happened (event time of the trigger, or wall time for acks and reminders)
 * @param trigger        what caused the transition (for ACKNOWLEDGED: the trigger of the last update)
 * @param reason         for UPDATED: {@code reminder} or {@code rule-updated}; for CLEARED: {@code condition-cleared},
 *                       {@code rule-deleted} or {@code rule-disabled}
 * @param acknowledgedBy API key id that acknowledged it, once acknowledged
 * @param acknowledgedAt when it was acknowledged
 * @param clearedAt      when it cleared
 */
public record AlertEvent(
        String eventId,
        AlertEventType type,
        String alertId,
        long sequence,
        AlertStatus status,
        String tenantId,
        String deviceId,
        String ruleId,
        String ruleName,
        Severity severity,
        Instant raisedAt,
        Instant occurredAt,
        AlertTrigger trigger,
        String reason,
        String acknowledgedBy,
        Instant acknowledgedAt,
        Instant clearedAt) {

    public AlertEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(raisedAt, "raisedAt");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
