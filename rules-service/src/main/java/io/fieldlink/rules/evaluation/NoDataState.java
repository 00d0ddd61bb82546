package io.fieldlink.rules.evaluation;

import java.time.Instant;

/**
 * State of a no-data condition on one device.
 *
 * @param lastArrival service clock time of the last matching reading; null until the first (the device is not
 *                    watched before it)
 * @param holds       whether the device has been silent for the condition's duration
 */
public record NoDataState(Instant lastArrival, boolean holds) implements LeafState {

    static final NoDataState INITIAL = new NoDataState(null, false);
}
