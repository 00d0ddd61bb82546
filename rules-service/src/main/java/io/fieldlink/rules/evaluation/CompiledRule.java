package io.fieldlink.rules.evaluation;

import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleCondition;

import java.util.List;
import java.util.Objects;

/**
 * One rule revision made ready to evaluate: operators parsed, durations checked, leaves numbered. Immutable and
 * shared between threads.
 *
 * @param revision  the rule revision it was compiled from
 * @param source    the spec's condition it was compiled from
 * @param clearSource the spec's clear condition it was compiled from
 * @param condition the raise condition
 * @param clear     the clear condition; null when the rule clears as soon as {@code condition} is known false
 * @param leaves    every leaf of both, by slot: those of {@code condition} first
 * @param conditionLeaves how many of the leaves belong to {@code condition}
 */
record CompiledRule(long revision, RuleCondition source, RuleCondition clearSource, ConditionNode condition,
                    ConditionNode clear, List<Leaf> leaves, int conditionLeaves) {

    boolean compiledFrom(Rule rule) {
        // a deleted and re-created rule starts again at the same revision, so compare the conditions too
        return revision == rule.revision()
                && Objects.equals(source, rule.spec().condition())
                && Objects.equals(clearSource, rule.spec().clear());
    }

    /**
     * Whether {@code reading} certainly leaves this rule at rest when it is at rest: every leaf of the raise
     * condition can rest and stays at rest on it (the clear condition is not watched at rest).
     */
    boolean restsOn(io.fieldlink.contracts.TelemetryReceived reading) {
        for (int slot = 0; slot < conditionLeaves; slot++) {
            if (!leaves.get(slot).restsOn(reading)) {
                return false;
            }
        }
        return true;
    }

    boolean watchesClock() {
        for (Leaf leaf : leaves) {
            if (leaf.watchesClock()) {
                return true;
            }
        }
        return false;
    }
}
