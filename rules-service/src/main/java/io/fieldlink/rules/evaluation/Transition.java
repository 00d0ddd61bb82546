package io.fieldlink.rules.evaluation;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of applying one reading: the state to keep and, if the reading raised or cleared, the event.
 */
public record Transition(ThresholdState state, Optional<ThresholdEvent> event) {

    public Transition {
        Objects.requireNonNull(state, "state must not be null");
        Objects.requireNonNull(event, "event must not be null (use Optional.empty())");
    }

    static Transition quiet(ThresholdState state) {
        return new Transition(state, Optional.empty());
    }

    static Transition emitting(ThresholdState state, ThresholdEvent event) {
        return new Transition(state, Optional.of(event));
    }
}
