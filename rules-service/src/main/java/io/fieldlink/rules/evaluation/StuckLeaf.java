package io.fieldlink.rules.evaluation;

import java.time.Duration;
import java.time.Instant;

/**
 * The measurement kept one value (any, or exactly {@code target}) over readings spanning a duration in event time.
 * Values are compared exactly ({@code 0.0 == -0.0}); NaN readings and readings older than the last are ignored.
 */
final class StuckLeaf implements Leaf {

    private final int slot;
    private final String measurement;
    private final Double target;
    private final Duration forDuration;
    private final String text;

    /** @param target null: any value that does not change */
    StuckLeaf(int slot, String measurement, Double target, Duration forDuration) {
        this.slot = slot;
        this.measurement = measurement;
        this.target = target;
        this.forDuration = forDuration;
        this.text = measurement + (target == null ? " unchanged" : " stuck at " + target) + " for " + forDuration;
    }

    @Override
    public int slot() {
        return slot;
    }

    @Override
    public StuckState initial() {
        return StuckState.INITIAL;
    }

    @Override
    public LeafState onReading(LeafState state, Step step) {
        StuckState before = own(state, StuckState.class, initial());
        Double value = step.reading.measurements().get(measurement);
        Instant eventTime = step.reading.eventTime();
        if (value == null || value.isNaN() || step.outOfOrderForDevice()
                || (before.lastEventTime() != null && eventTime.isBefore(before.lastEventTime()))) {
            return before;
        }
        Instant since;
        if (target != null) {
            since = value.doubleValue() != target ? null : before.since() == null ? eventTime : before.since();
        } else {
            boolean same = before.value() != null && before.value().doubleValue() == value.doubleValue()
                    && before.since() != null;
            since = same ? before.since() : eventTime;
        }
        boolean holds = since != null && Duration.between(since, eventTime).compareTo(forDuration) >= 0;
        step.triggers[slot] = step.readingTrigger(measurement, value, text, target);
        if (step.deviceOrdered && target != null && since == null) {
            // at rest (not the target value): as for thresholds, nothing to keep when the caller keeps the order
            return before.equals(StuckState.INITIAL) ? before : StuckState.INITIAL;
        }
        return new StuckState(value, since, eventTime, holds);
    }

    @Override
    public boolean restsOn(io.fieldlink.contracts.TelemetryReceived reading) {
        Double value = reading.measurements().get(measurement);
        return target != null && (value == null || value.isNaN() || value.doubleValue() != target);
    }

    @Override
    public boolean holds(LeafState state) {
        return state instanceof StuckState s && s.holds();
    }

    @Override
    public boolean supports(LeafState state) {
        // a run of the target value that is still building up speaks for the condition; a run of "any value" does
        // not, since every reading starts one
        return state instanceof StuckState s && (s.holds() || (target != null && s.since() != null));
    }

    @Override
    public String text() {
        return text;
    }
}
