package io.fieldlink.rules.notify;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertEventType;
import io.fieldlink.contracts.AlertStatus;
import io.fieldlink.contracts.Severity;
import io.fieldlink.rules.definition.RuleNotifications;
import io.fieldlink.rules.definition.WebhookTarget;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NotifiedTransitionsTest {

    private static final WebhookTarget HOOK = new WebhookTarget("https://hooks.example.com/", "0123456789abcdef");

    @Test
    void withoutOnOnlyRaisedAndClearedNotify() {
        RuleNotifications notifications = new RuleNotifications(HOOK, null, null, null);

        assertThat(NotifiedTransitions.notifies(notifications, event(AlertEventType.RAISED, null))).isTrue();
        assertThat(NotifiedTransitions.notifies(notifications, event(AlertEventType.CLEARED, "condition-cleared")))
                .isTrue();
        assertThat(NotifiedTransitions.notifies(notifications, event(AlertEventType.ACKNOWLEDGED, null))).isFalse();
        assertThat(NotifiedTransitions.notifies(notifications, event(AlertEventType.UPDATED, "rule-updated")))
                .isFalse();
    }

    @Test
    void onListsTheTransitionsThatNotify() {
        RuleNotifications notifications = new RuleNotifications(HOOK, null, List.of("raised", " Acknowledged "), null);

        assertThat(NotifiedTransitions.notifies(notifications, event(AlertEventType.RAISED, null))).isTrue();
        assertThat(NotifiedTransitions.notifies(notifications, event(AlertEventType.ACKNOWLEDGED, null))).isTrue();
        assertThat(NotifiedTransitions.notifies(notifications, event(AlertEventType.CLEARED, null))).isFalse();
    }

    @Test
    void remindersNotifyWhenTheRuleHasAReminderWhateverOnSays() {
        RuleNotifications withReminder = new RuleNotifications(HOOK, null, List.of("cleared"), Duration.ofHours(1));
        RuleNotifications withoutReminder = new RuleNotifications(HOOK, null, List.of("updated"), null);

        assertThat(NotifiedTransitions.notifies(withReminder, event(AlertEventType.UPDATED, "reminder"))).isTrue();
        assertThat(NotifiedTransitions.notifies(withoutReminder, event(AlertEventType.UPDATED, "reminder"))).isFalse();
        assertThat(NotifiedTransitions.notifies(withoutReminder, event(AlertEventType.UPDATED, "rule-updated")))
                .isTrue();
        assertThat(NotifiedTransitions.notifies(null, event(AlertEventType.RAISED, null))).isFalse();
    }

    private static AlertEvent event(AlertEventType type, String reason) {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");
        return new AlertEvent("a-1:1", type, "a-1", 1, AlertStatus.OPEN, "OP0000000001", "dev-1", "r-1", "rule",
                Severity.MINOR, now, now, null, reason, null, null, null);
    }
}
