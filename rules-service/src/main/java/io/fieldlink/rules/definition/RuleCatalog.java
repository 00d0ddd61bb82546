package io.fieldlink.rules.definition;

import java.util.List;
import java.util.Optional;

/**
 * Read side of the rules: the current content of {@code iot.rules.v1} as the evaluator sees it (its global
 * table), so what the API shows is what is evaluated. Implemented over the Streams app's global store.
 */
public interface RuleCatalog {

    /** The rule, if the tenant has one with that id. */
    Optional<Rule> find(String tenantId, String ruleId);

    /** All of the tenant's rules, ordered by rule id. */
    List<Rule> list(String tenantId);

    /** How many rules the tenant has. */
    default int count(String tenantId) {
        return list(tenantId).size();
    }
}
