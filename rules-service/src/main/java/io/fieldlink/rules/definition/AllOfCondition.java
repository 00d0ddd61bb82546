package io.fieldlink.rules.definition;

import java.util.List;

/** Holds while every condition holds (on the same device). JSON: {@code {"type":"allOf","conditions":[...]}}. */
public record AllOfCondition(List<RuleCondition> conditions) implements RuleCondition {

    public AllOfCondition {
        conditions = conditions == null ? null : List.copyOf(conditions);
    }
}
