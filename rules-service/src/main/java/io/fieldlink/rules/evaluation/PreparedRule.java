package io.fieldlink.rules.evaluation;

import io.fieldlink.rules.definition.Rule;

/**
 * A rule compiled for the engine, held by a caller that evaluates it many times ({@link RuleEngine#prepare}): the
 * per-call cost is then the evaluation alone, without looking the compiled rule up. Immutable; valid for exactly
 * the {@link Rule} instance it was prepared from.
 */
public final class PreparedRule {

    private final Rule rule;
    private final String key;
    final CompiledRule compiled;

    PreparedRule(Rule rule, CompiledRule compiled) {
        this.rule = rule;
        this.key = rule.key();
        this.compiled = compiled;
    }

    public Rule rule() {
        return rule;
    }

    /** {@link Rule#key()}, computed once. */
    public String key() {
        return key;
    }

    /** Whether the rule has a no-data condition (it then needs ticks). */
    public boolean needsTicks() {
        return compiled.watchesClock();
    }
}
