package io.fieldlink.rules.definition;

import io.fieldlink.contracts.Severity;

/**
 * What a user writes: the body of {@code POST /v1/rules} and {@code PUT /v1/rules/{ruleId}}.
 *
 * @param name          short human name, shown in alerts and notifications
 * @param description   optional longer text
 * @param enabled       disabled rules are kept but not evaluated; null means enabled
 * @param severity      severity of the alerts it raises
 * @param scope         which devices; null means all of the tenant's
 * @param condition     raises when it holds
 * @param clear         clears a raised alert when it holds (hysteresis); null: clears when {@code condition}
 *                      no longer holds
 * @param notifications webhook/email, or null
 * @param actions       commands on raise/clear, or null
 */
public record RuleSpec(
        String name,
        String description,
        Boolean enabled,
        Severity severity,
        RuleScope scope,
        RuleCondition condition,
        RuleCondition clear,
        RuleNotifications notifications,
        RuleActions actions) {
}
