package io.fieldlink.rules.api;

import io.fieldlink.rules.definition.Rule;

/**
 * Write side of the rules: {@code iot.rules.v1}, compacted, key {@code tenantId/ruleId}. Both methods return
 * once the broker acknowledged the record.
 *
 * @throws io.fieldlink.support.problem.ApiProblemException 503 {@code write-unavailable} when it was not
 *         acknowledged in time (from every method)
 */
public interface RulePublisher {

    /** Stores the rule (creates or replaces it). */
    void put(Rule rule);

    /** Deletes the rule: a tombstone for its key. */
    void delete(String tenantId, String ruleId);
}
