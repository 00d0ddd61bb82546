package io.fieldlink.rules.streams;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertEventType;
import io.fieldlink.contracts.AlertStatus;
import io.fieldlink.contracts.AlertTrigger;
import io.fieldlink.contracts.DeviceCommandRequested;
import io.fieldlink.contracts.Severity;
import io.fieldlink.rules.definition.CommandAction;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleActions;
import io.fieldlink.rules.evaluation.Signal;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * The life of an alert per (device, rule): raise, update, acknowledge, clear, and the rule's commands. Keeps the
 * {@code open-alerts} and {@code command-times} stores and writes each transition once; the dedup key is the
 * store key, so there is at most one open alert per (rule, device).
 */
final class AlertTransitions {

    static final String REASON_CONDITION_CLEARED = "condition-cleared";
    static final String REASON_RULE_DELETED = "rule-deleted";
    static final String REASON_RULE_DISABLED = "rule-disabled";
    static final String REASON_RULE_UPDATED = "rule-updated";
    static final String REASON_REMINDER = "reminder";

    private static final Logger log = LoggerFactory.getLogger(AlertTransitions.class);

    private final KeyValueStore<String, OpenAlert> openAlerts;
    private final KeyValueStore<String, Long> commandTimes;
    private final Outputs outputs;
    private final RulesStreamsMetrics metrics;

    AlertTransitions(KeyValueStore<String, OpenAlert> openAlerts, KeyValueStore<String, Long> commandTimes,
                     Outputs outputs, RulesStreamsMetrics metrics) {
        this.openAlerts = openAlerts;
        this.commandTimes = commandTimes;
        this.outputs = outputs;
        this.metrics = metrics;
    }

    /** The engine raised or cleared {@code rule} on the device. */
    void onSignal(Rule rule, String deviceId, Signal signal, Instant now) {
        String key = StoreKeys.of(deviceId, rule.key());
        OpenAlert open = openAlerts.get(key);
        if (signal.kind() == Signal.Kind.RAISED) {
            if (open != null) {
                // one open alert per (rule, device): a second raise (e.g. a state reset by a rule edit) is not news
                log.debug("Rule {} raised again on device {} while alert {} is open", rule.key(), deviceId, open.alertId());
                return;
            }
            raise(rule, deviceId, key, signal.trigger(), now);
        } else if (open != null) {
            Instant clearedAt = eventTimeOr(signal.trigger(), now);
            clear(key, open, signal.trigger(), REASON_CONDITION_CLEARED, clearedAt, now);
            command(rule, open, actions(rule) == null ? null : actions(rule).onClear(), "cleared", now);
        }
    }

    /** Brings an open alert in line with its rule: cleared when the rule is gone or disabled, else updated. */
    void reconcile(String key, OpenAlert open, Rule rule, Instant now) {
        if (rule == null) {
            clear(key, open, open.trigger(), REASON_RULE_DELETED, now, now);
            return;
        }
        if (!rule.enabled()) {
            clear(key, open, open.trigger(), REASON_RULE_DISABLED, now, now);
            // a disabled rule still says what to do when it clears (e.g. turn the sprinkler off)
            command(rule, open, actions(rule) == null ? null : actions(rule).onClear(), "cleared", now);
            return;
        }
        if (rule.revision() != open.revision()) {
            OpenAlert updated = open.withRule(rule.spec().name(), severity(rule), rule.revision()).next(open.status());
            openAlerts.put(key, updated);
            publish(updated, AlertEventType.UPDATED, REASON_RULE_UPDATED, now, null);
            metrics.alertsUpdated.increment();
        }
    }

    /** Publishes a reminder when the rule asks for one and it is due. */
    void remindIfDue(String key, OpenAlert open, Rule rule, Instant now) {
        Duration reminder = rule.spec().notifications() == null ? null : rule.spec().notifications().reminder();
        if (reminder == null || reminder.isZero() || reminder.isNegative() || open.status() != AlertStatus.OPEN) {
            return;
        }
        Instant last = open.lastNotifiedAt() == null ? open.raisedAt() : open.lastNotifiedAt();
        if (now.isBefore(last.plus(reminder))) {
            return;
        }
        OpenAlert reminded = open.next(AlertStatus.OPEN).notifiedAt(now);
        openAlerts.put(key, reminded);
        publish(reminded, AlertEventType.UPDATED, REASON_REMINDER, now, null);
        metrics.alertsUpdated.increment();
    }

    /** The alert of {@code alertId} acknowledged, when it is one of the device's open alerts and the tenant's. */
    boolean acknowledge(String deviceId, String tenantId, String alertId, String by, Instant at, long timestamp) {
        try (KeyValueIterator<String, OpenAlert> entries = openAlerts.prefixScan(StoreKeys.devicePrefix(deviceId),
                new StringSerializer())) {
            while (entries.hasNext()) {
                KeyValue<String, OpenAlert> entry = entries.next();
                OpenAlert open = entry.value;
                if (!open.alertId().equals(alertId) || !StoreKeys.deviceId(entry.key).equals(deviceId)) {
                    continue;
                }
                if (!open.tenantId().equals(tenantId) || open.status() != AlertStatus.OPEN) {
                    return false;
                }
                OpenAlert acknowledged = open.acknowledged(by, at).next(AlertStatus.ACKNOWLEDGED);
                openAlerts.put(entry.key, acknowledged);
                outputs.alert(event(acknowledged, AlertEventType.ACKNOWLEDGED, null, at, null), timestamp);
                metrics.alertsAcknowledged.increment();
                return true;
            }
        }
        return false;
    }

    /** Forgets the cooldown of a (device, rule) whose rule is gone. */
    void forgetCommands(String key) {
        commandTimes.delete(key);
    }

    private void raise(Rule rule, String deviceId, String key, AlertTrigger trigger, Instant now) {
        Instant raisedAt = eventTimeOr(trigger, now);
        String alertId = DeterministicIds.alertId(rule.tenantId(), rule.ruleId(), deviceId, raisedAt);
        OpenAlert open = new OpenAlert(alertId, rule.tenantId(), deviceId, rule.ruleId(), rule.spec().name(),
                severity(rule), 1, AlertStatus.OPEN, raisedAt, trigger, rule.revision(), now, null, null);
        openAlerts.put(key, open);
        outputs.alert(event(open, AlertEventType.RAISED, null, raisedAt, null), now.toEpochMilli());
        metrics.alertsRaised.increment();
        command(rule, open, actions(rule) == null ? null : actions(rule).onRaise(), "raised", now);
    }

    private void clear(String key, OpenAlert open, AlertTrigger trigger, String reason, Instant clearedAt, Instant now) {
        openAlerts.delete(key);
        OpenAlert cleared = new OpenAlert(open.alertId(), open.tenantId(), open.deviceId(), open.ruleId(),
                open.ruleName(), open.severity(), open.sequence() + 1, AlertStatus.CLEARED, open.raisedAt(), trigger,
                open.revision(), open.lastNotifiedAt(), open.acknowledgedBy(), open.acknowledgedAt());
        outputs.alert(event(cleared, AlertEventType.CLEARED, reason, clearedAt, clearedAt), now.toEpochMilli());
        metrics.alertsCleared.increment();
    }

    private void publish(OpenAlert alert, AlertEventType type, String reason, Instant occurredAt, Instant clearedAt) {
        outputs.alert(event(alert, type, reason, occurredAt, clearedAt), occurredAt.toEpochMilli());
    }

    private void command(Rule rule, OpenAlert alert, CommandAction action, String transition, Instant now) {
        if (action == null) {
            return;
        }
        String key = StoreKeys.of(alert.deviceId(), rule.key());
        Duration cooldown = actions(rule).cooldown();
        Long last = commandTimes.get(key);
        // only onRaise is held back: a skipped onClear would leave an actuator on (a sprinkler running) with no
        // alert open, and nothing would ever switch it off; an onClear is at most one per alert anyway
        boolean raising = "raised".equals(transition);
        if (raising && last != null && cooldown != null && now.toEpochMilli() - last < cooldown.toMillis()) {
            metrics.commandsSkippedByCooldown.increment();
            log.info("Command {} of rule {} to device {} skipped: within the cooldown of {}", action.name(),
                    rule.key(), alert.deviceId(), cooldown);
            return;
        }
        outputs.command(new DeviceCommandRequested(DeterministicIds.commandId(alert.alertId(), transition),
                alert.tenantId(), alert.deviceId(), action.name(), action.parameters(), now, action.timeToLive(),
                "rule:" + rule.ruleId() + ":" + alert.alertId() + ":" + transition), now.toEpochMilli());
        commandTimes.put(key, now.toEpochMilli());
        metrics.commandsEmitted.increment();
    }

    private static AlertEvent event(OpenAlert alert, AlertEventType type, String reason, Instant occurredAt,
                                    Instant clearedAt) {
        return new AlertEvent(DeterministicIds.eventId(alert.alertId(), alert.sequence()), type, alert.alertId(),
                alert.sequence(), alert.status(), alert.tenantId(), alert.deviceId(), alert.ruleId(), alert.ruleName(),
                alert.severity(), alert.raisedAt(), occurredAt, alert.trigger(), reason, alert.acknowledgedBy(),
                alert.acknowledgedAt(), clearedAt);
    }

    private static RuleActions actions(Rule rule) {
        return rule.spec().actions();
    }

    /** A rule without a severity raises warnings (the API requires one; this guards old records). */
    private static Severity severity(Rule rule) {
        return rule.spec().severity() == null ? Severity.WARNING : rule.spec().severity();
    }

    private static Instant eventTimeOr(AlertTrigger trigger, Instant fallback) {
        return trigger != null && trigger.eventTime() != null ? trigger.eventTime() : fallback;
    }
}
