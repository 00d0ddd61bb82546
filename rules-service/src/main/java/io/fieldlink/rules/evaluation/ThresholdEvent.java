package io.fieldlink.rules.evaluation;

import java.time.Instant;
import java.util.Objects;

/**
 * What a reading changed: the rule was raised or cleared.
 *
 * @param kind           RAISED or CLEARED
 * @param eventTime      event time of the reading that raised or cleared
 * @param value          the reading's value
 * @param conditionSince event time the raise condition started to hold (for CLEARED: of the alert being cleared)
 */
public record ThresholdEvent(Kind kind, Instant eventTime, double value, Instant conditionSince) {

    public enum Kind { RAISED, CLEARED }

    public ThresholdEvent {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(eventTime, "eventTime must not be null");
        Objects.requireNonNull(conditionSince, "conditionSince must not be null");
    }
}
