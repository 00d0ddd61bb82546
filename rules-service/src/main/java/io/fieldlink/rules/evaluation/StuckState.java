package io.fieldlink.rules.evaluation;

import java.time.Instant;

/**
 * State of a stuck condition on one device.
 *
 * @param value         the value of the last reading
 * @param since         event time at which the current run of equal values (of the condition's value, when set)
 *                      began; null when no run is going on
 * @param lastEventTime event time of the last reading applied; null before the first
 * @param holds         whether the run spans the condition's duration
 */
public record StuckState(Double value, Instant since, Instant lastEventTime, boolean holds) implements LeafState {

    static final StuckState INITIAL = new StuckState(null, null, null, false);
}
