package io.fieldlink.rules.streams;

import io.fieldlink.contracts.Severity;
import io.fieldlink.rules.definition.CommandAction;
import io.fieldlink.rules.definition.NoDataCondition;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleActions;
import io.fieldlink.rules.definition.RuleCondition;
import io.fieldlink.rules.definition.RuleNotifications;
import io.fieldlink.rules.definition.RuleScope;
import io.fieldlink.rules.definition.RuleSpec;
import io.fieldlink.rules.definition.ThresholdCondition;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Rules for the topology tests: "hot" raises above a temperature and clears below another (hysteresis). */
final class Rules {

    static final String TENANT = "OP0000000001";
    static final String OTHER_TENANT = "OP0000000002";
    static final Instant CREATED = Instant.parse("2026-11-27T11:00:00Z");

    private Rules() {
    }

    static RuleSpec hotSpec(double above, double clearBelow) {
        return new RuleSpec("Greenhouse too hot", null, true, Severity.MAJOR, RuleScope.ALL_DEVICES,
                threshold(">", above), threshold("<", clearBelow), null, null);
    }

    static Rule hot(double above, double clearBelow) {
        return rule("hot", 1, hotSpec(above, clearBelow));
    }

    static Rule rule(String ruleId, long revision, RuleSpec spec) {
        return new Rule(TENANT, ruleId, revision, CREATED, CREATED, spec);
    }

    static RuleCondition threshold(String operator, double value) {
        return new ThresholdCondition("temperature", operator, value, null, null);
    }

    static RuleCondition threshold(String measurement, String operator, double value) {
        return new ThresholdCondition(measurement, operator, value, null, null);
    }

    /** A major rule of the default scope (all devices) with the given raise and (optional) clear conditions. */
    static RuleSpec spec(RuleCondition condition, RuleCondition clear) {
        return new RuleSpec("Rule under test", null, true, Severity.MAJOR, RuleScope.ALL_DEVICES, condition, clear,
                null, null);
    }

    static RuleSpec withScope(RuleSpec spec, RuleScope scope) {
        return new RuleSpec(spec.name(), spec.description(), spec.enabled(), spec.severity(), scope, spec.condition(),
                spec.clear(), spec.notifications(), spec.actions());
    }

    static RuleSpec disabled(RuleSpec spec) {
        return new RuleSpec(spec.name(), spec.description(), false, spec.severity(), spec.scope(), spec.condition(),
                spec.clear(), spec.notifications(), spec.actions());
    }

    static RuleSpec withSprinkler(RuleSpec spec, Duration cooldown) {
        return new RuleSpec(spec.name(), spec.description(), spec.enabled(), spec.severity(), spec.scope(),
                spec.condition(), spec.clear(), spec.notifications(), new RuleActions(
                        new CommandAction("sprinkler", Map.of("state", "on"), Duration.ofMinutes(10)),
                        new CommandAction("sprinkler", Map.of("state", "off"), null), cooldown));
    }

    static RuleSpec withReminder(RuleSpec spec, Duration reminder) {
        return new RuleSpec(spec.name(), spec.description(), spec.enabled(), spec.severity(), spec.scope(),
                spec.condition(), spec.clear(), new RuleNotifications(null, null, null, reminder), spec.actions());
    }

    static RuleSpec silence(Duration forDuration) {
        return new RuleSpec("Device silent", null, true, Severity.WARNING, RuleScope.ALL_DEVICES,
                new NoDataCondition(null, forDuration), null, null, null);
    }
}
