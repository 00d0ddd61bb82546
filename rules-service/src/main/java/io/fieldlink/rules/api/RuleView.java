package io.fieldlink.rules.api;

import io.fieldlink.contracts.Severity;
import io.fieldlink.rules.definition.EmailTarget;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleActions;
import io.fieldlink.rules.definition.RuleCondition;
import io.fieldlink.rules.definition.RuleNotifications;
import io.fieldlink.rules.definition.RuleScope;
import io.fieldlink.rules.definition.RuleSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A rule as the API shows it: the spec the client wrote plus id, revision and times. The webhook secret is
 * write-only and never appears: only whether one is set.
 */
record RuleView(
        String ruleId,
        long revision,
        Instant createdAt,
        Instant updatedAt,
        String name,
        String description,
        boolean enabled,
        Severity severity,
        RuleScope scope,
        RuleCondition condition,
        RuleCondition clear,
        NotificationsView notifications,
        RuleActions actions) {

    static RuleView of(Rule rule) {
        RuleSpec spec = rule.spec();
        return new RuleView(rule.ruleId(), rule.revision(), rule.createdAt(), rule.updatedAt(), spec.name(),
                spec.description(), rule.enabled(), spec.severity(), spec.scope(), spec.condition(), spec.clear(),
                NotificationsView.of(spec.notifications()), spec.actions());
    }

    /** {@link RuleNotifications} without the webhook secret. */
    record NotificationsView(WebhookView webhook, EmailTarget email, List<String> on, Duration reminder) {

        static NotificationsView of(RuleNotifications notifications) {
            if (notifications == null) {
                return null;
            }
            WebhookView webhook = notifications.webhook() == null ? null
                    : new WebhookView(notifications.webhook().url(), notifications.webhook().secret() != null);
            return new NotificationsView(webhook, notifications.email(), notifications.on(), notifications.reminder());
        }
    }

    /** @param secretSet whether requests are signed; the secret itself is never shown */
    record WebhookView(String url, boolean secretSet) {
    }
}
