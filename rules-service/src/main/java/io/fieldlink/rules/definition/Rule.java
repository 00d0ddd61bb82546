package io.fieldlink.rules.definition;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored rule: the value of {@code iot.rules.v1} (key {@code tenantId/ruleId}), read by the Streams app as
 * a global table. {@code revision} grows by one on every update, so the evaluator can tell an edited rule.
 */
public record Rule(
        String tenantId,
        String ruleId,
        long revision,
        Instant createdAt,
        Instant updatedAt,
        RuleSpec spec) {

    public Rule {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(spec, "spec");
    }

    /** Key of this rule on {@code iot.rules.v1}. */
    public String key() {
        return key(tenantId, ruleId);
    }

    public static String key(String tenantId, String ruleId) {
        return tenantId + "/" + ruleId;
    }

    public boolean enabled() {
        return spec.enabled() == null || spec.enabled();
    }
}
