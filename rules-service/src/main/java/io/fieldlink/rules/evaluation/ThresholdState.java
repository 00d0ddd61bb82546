package io.fieldlink.rules.evaluation;

import java.time.Instant;
import java.util.Objects;

/**
 * The immutable evaluation state of one threshold condition for one device. As a leaf of a rule
 * ({@link LeafState}), RAISED means the leaf holds.
 *
 * @param phase         NORMAL, PENDING (raise condition holds, waiting for the for-duration) or RAISED
 * @param since         event time the raise condition started to hold; {@code null} in NORMAL
 * @param lastEventTime event time of the last reading applied; {@code null} before the first reading
 */
public record ThresholdState(Phase phase, Instant since, Instant lastEventTime) implements LeafState {

    public enum Phase { NORMAL, PENDING, RAISED }

    private static final ThresholdState INITIAL = new ThresholdState(Phase.NORMAL, null, null);

    public ThresholdState {
        Objects.requireNonNull(phase, "phase must not be null");
        if (phase == Phase.NORMAL && since != null) {
            throw new IllegalArgumentException("since must be absent for NORMAL");
        }
        if (phase != Phase.NORMAL) {
            Objects.requireNonNull(since, "since must not be null for " + phase);
            Objects.requireNonNull(lastEventTime, "lastEventTime must not be null for " + phase);
            if (lastEventTime.isBefore(since)) {
                throw new IllegalArgumentException("lastEventTime must not be before since");
            }
        }
    }

    /** The state before any reading. */
    public static ThresholdState initial() {
        return INITIAL;
    }

    static ThresholdState normal(Instant lastEventTime) {
        return new ThresholdState(Phase.NORMAL, null, lastEventTime);
    }

    static ThresholdState pending(Instant since, Instant lastEventTime) {
        return new ThresholdState(Phase.PENDING, since, lastEventTime);
    }

    static ThresholdState raised(Instant since, Instant lastEventTime) {
        return new ThresholdState(Phase.RAISED, since, lastEventTime);
    }

    ThresholdState seen(Instant eventTime) {
        return new ThresholdState(phase, since, eventTime);
    }
}
