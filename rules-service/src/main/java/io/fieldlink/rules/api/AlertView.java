package io.fieldlink.rules.api;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertEventType;
import io.fieldlink.contracts.AlertStatus;
import io.fieldlink.contracts.AlertTrigger;
import io.fieldlink.contracts.Severity;

import java.time.Instant;

/**
 * An alert as the API shows it: its latest event on {@code iot.alerts.v1}.
 *
 * @param lastEvent  type of the latest event
 * @param updatedAt  when the latest event happened
 * @param sequence   sequence number of the latest event (1 = raised)
 */
record AlertView(
        String alertId,
        AlertStatus status,
        String deviceId,
        String ruleId,
        String ruleName,
        Severity severity,
        Instant raisedAt,
        Instant updatedAt,
        AlertEventType lastEvent,
        long sequence,
        AlertTrigger trigger,
        String reason,
        String acknowledgedBy,
        Instant acknowledgedAt,
        Instant clearedAt) {

    static AlertView of(AlertEvent event) {
        return new AlertView(event.alertId(), event.status(), event.deviceId(), event.ruleId(), event.ruleName(),
                event.severity(), event.raisedAt(), event.occurredAt(), event.type(), event.sequence(),
                event.trigger(), event.reason(), event.acknowledgedBy(), event.acknowledgedAt(), event.clearedAt());
    }
}
