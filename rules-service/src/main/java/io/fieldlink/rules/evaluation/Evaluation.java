package io.fieldlink.rules.evaluation;

import java.util.Optional;

/**
 * Result of applying one reading or tick: the new state, and a signal when the rule raised or cleared.
 *
 * @param state  the state to store
 * @param signal present when this step raised or cleared the rule
 */
public record Evaluation(RuleState state, Optional<Signal> signal) {
}
