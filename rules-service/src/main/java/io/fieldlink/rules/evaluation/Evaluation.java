package io.fieldlink.rules.evaluation;

import java.util.Objects;
import java.util.Optional;

/**
 * Result of applying one reading or tick: the new state, and a signal when the rule raised or cleared.
 * When nothing changed, {@code state} is the very instance that was passed in, so a caller may skip the write.
 *
 * @param state       the state to store; null only from {@link RuleEngine#onDeviceReading} given a null (at rest)
 *                    state for a reading that leaves the rule at rest: nothing to store
 * @param signal      present when this step raised or cleared the rule
 * @param lateDropped how many window conditions of the rule dropped the reading because all its windows had
 *                    already closed (it arrived after their grace); 0 on ticks
 */
public record Evaluation(RuleState state, Optional<Signal> signal, int lateDropped) {

    public Evaluation {
        Objects.requireNonNull(signal, "signal must not be null (use Optional.empty())");
    }

    public Evaluation(RuleState state, Optional<Signal> signal) {
        this(state, signal, 0);
    }
}
