package io.fieldlink.rules.definition;

import java.util.List;

/** Holds while at least one condition holds (on the same device). JSON: {@code {"type":"anyOf","conditions":[...]}}. */
public record AnyOfCondition(List<RuleCondition> conditions) implements RuleCondition {

    public AnyOfCondition {
        conditions = conditions == null ? null : List.copyOf(conditions);
    }
}
