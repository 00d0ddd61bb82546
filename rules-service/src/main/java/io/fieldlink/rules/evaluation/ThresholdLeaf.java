package io.fieldlink.rules.evaluation;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code measurement operator value} held continuously for a duration in event time: the existing
 * {@link ThresholdEvaluator} without a clear condition, so RAISED means "holds" and a failing reading ends it.
 */
final class ThresholdLeaf implements Leaf {

    private final int slot;
    private final String measurement;
    private final Condition condition;
    private final ThresholdEvaluator evaluator;
    private final String text;

    ThresholdLeaf(int slot, String measurement, Condition condition, Duration forDuration) {
        this.slot = slot;
        this.measurement = measurement;
        this.condition = condition;
        this.evaluator = new ThresholdEvaluator(new ThresholdRule(measurement, condition, Optional.empty(), forDuration));
        this.text = measurement + " " + condition + (forDuration.isZero() ? "" : " for " + forDuration);
    }

    String measurement() {
        return measurement;
    }

    Condition condition() {
        return condition;
    }

    @Override
    public int slot() {
        return slot;
    }

    @Override
    public ThresholdState initial() {
        return ThresholdState.initial();
    }

    @Override
    public LeafState onReading(LeafState state, Step step) {
        ThresholdState before = own(state, ThresholdState.class, initial());
        Double value = step.reading.measurements().get(measurement);
        if (value == null || step.outOfOrderForDevice()) {
            return before;
        }
        ThresholdState after = evaluator.next(before, step.reading.eventTime(), value).state();
        if (after != before) {
            // the evaluator returns the state itself for readings it ignores (NaN, out of order); an applied
            // reading is new evidence for or against the condition, whether or not the phase moved
            step.triggers[slot] = step.readingTrigger(measurement, value, text, condition.threshold());
        }
        if (step.deviceOrdered && after.phase() == ThresholdState.Phase.NORMAL) {
            // at rest: the caller keeps the device's order, so the leaf forgets its last event time and its state
            // equals the initial one, which the caller need not store (most rules of a device are at rest)
            return before.equals(initial()) ? before : initial();
        }
        return after;
    }

    @Override
    public boolean restsOn(io.fieldlink.contracts.TelemetryReceived reading) {
        Double value = reading.measurements().get(measurement);
        return value == null || !condition.test(value);
    }

    @Override
    public boolean holds(LeafState state) {
        return state instanceof ThresholdState s && s.phase() == ThresholdState.Phase.RAISED;
    }

    @Override
    public boolean supports(LeafState state) {
        return state instanceof ThresholdState s && s.phase() != ThresholdState.Phase.NORMAL;
    }

    @Override
    public String text() {
        return text;
    }
}
