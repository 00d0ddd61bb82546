package io.fieldlink.rules.streams;

import io.fieldlink.contracts.AlertStatus;
import io.fieldlink.contracts.AlertTrigger;
import io.fieldlink.contracts.Severity;

import java.time.Instant;

/**
 * The open alert of one (device, rule), kept in the changelogged {@code open-alerts} store until it clears.
 * It holds everything needed to write the alert's next event even when the rule is gone (rule deleted).
 *
 * @param alertId        the alert
 * @param tenantId       owner of device and rule
 * @param deviceId       the device
 * @param ruleId         the rule
 * @param ruleName       the rule's name at the last event
 * @param severity       the rule's severity at the last event
 * @param sequence       sequence of the last event published
 * @param status         OPEN or ACKNOWLEDGED
 * @param raisedAt       event time the alert was raised
 * @param trigger        trigger of the last raise/update
 * @param revision       rule revision the last event was made for
 * @param lastNotifiedAt wall-clock time of the RAISED event or the last reminder (reminders count from it)
 * @param acknowledgedBy who acknowledged it, once acknowledged
 * @param acknowledgedAt when it was acknowledged
 */
record OpenAlert(
        String alertId,
        String tenantId,
        String deviceId,
        String ruleId,
        String ruleName,
        Severity severity,
        long sequence,
        AlertStatus status,
        Instant raisedAt,
        AlertTrigger trigger,
        long revision,
        Instant lastNotifiedAt,
        String acknowledgedBy,
        Instant acknowledgedAt) {

    OpenAlert next(AlertStatus newStatus) {
        return new OpenAlert(alertId, tenantId, deviceId, ruleId, ruleName, severity, sequence + 1, newStatus,
                raisedAt, trigger, revision, lastNotifiedAt, acknowledgedBy, acknowledgedAt);
    }

    OpenAlert withRule(String newRuleName, Severity newSeverity, long newRevision) {
        return new OpenAlert(alertId, tenantId, deviceId, ruleId, newRuleName, newSeverity, sequence, status,
                raisedAt, trigger, newRevision, lastNotifiedAt, acknowledgedBy, acknowledgedAt);
    }

    OpenAlert notifiedAt(Instant at) {
        return new OpenAlert(alertId, tenantId, deviceId, ruleId, ruleName, severity, sequence, status,
                raisedAt, trigger, revision, at, acknowledgedBy, acknowledgedAt);
    }

    OpenAlert acknowledged(String by, Instant at) {
        return new OpenAlert(alertId, tenantId, deviceId, ruleId, ruleName, severity, sequence, status,
                raisedAt, trigger, revision, lastNotifiedAt, by, at);
    }
}
