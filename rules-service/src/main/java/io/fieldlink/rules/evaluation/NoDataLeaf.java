package io.fieldlink.rules.evaluation;

import io.fieldlink.contracts.AlertTrigger;

import java.time.Duration;
import java.time.Instant;

/**
 * Silence of the device (of one measurement, or of anything) for a duration on the service clock. Event time is
 * of no use here: a silent device sends none.
 */
final class NoDataLeaf implements Leaf {

    private final int slot;
    private final String measurement;
    private final Duration forDuration;
    private final String text;

    /** @param measurement null: any reading counts */
    NoDataLeaf(int slot, String measurement, Duration forDuration) {
        this.slot = slot;
        this.measurement = measurement;
        this.forDuration = forDuration;
        this.text = "no data" + (measurement == null ? "" : " from " + measurement) + " for " + forDuration;
    }

    @Override
    public int slot() {
        return slot;
    }

    @Override
    public NoDataState initial() {
        return NoDataState.INITIAL;
    }

    @Override
    public LeafState onReading(LeafState state, Step step) {
        NoDataState before = own(state, NoDataState.class, initial());
        Double value = measurement == null ? null : step.reading.measurements().get(measurement);
        if (measurement != null && value == null) {
            // another measurement: the clock still moved on
            return onTick(before, step);
        }
        Instant arrival = before.lastArrival() == null || step.now.isAfter(before.lastArrival())
                ? step.now : before.lastArrival();
        step.triggers[slot] = step.readingTrigger(measurement, value, text, null);
        return new NoDataState(arrival, false);
    }

    @Override
    public LeafState onTick(LeafState state, Step step) {
        NoDataState before = own(state, NoDataState.class, initial());
        if (before.lastArrival() == null || before.holds()
                || Duration.between(before.lastArrival(), step.now).compareTo(forDuration) < 0) {
            return before;
        }
        step.triggers[slot] = new AlertTrigger(measurement, null, text, null, null, null, null, step.now, null, null);
        return new NoDataState(before.lastArrival(), true);
    }

    /**
     * Keeps the last arrival of the no-data leaf that had this slot: a device that fell silent before the edit
     * may never send again, so starting afresh would stop watching exactly the devices this rule is for. Whether
     * the silence holds is decided again under the new duration on the next tick.
     */
    @Override
    public LeafState afterEdit(LeafState previous) {
        return previous instanceof NoDataState old && old.lastArrival() != null
                ? new NoDataState(old.lastArrival(), false)
                : initial();
    }

    @Override
    public boolean holds(LeafState state) {
        return state instanceof NoDataState s && s.holds();
    }

    @Override
    public boolean supports(LeafState state) {
        return holds(state);
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public boolean watchesClock() {
        return true;
    }
}
