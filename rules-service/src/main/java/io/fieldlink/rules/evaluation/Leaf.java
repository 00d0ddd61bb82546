package io.fieldlink.rules.evaluation;

import java.time.Instant;

/**
 * One compiled leaf condition. Stateless and shared between threads; its per-device state is a {@link LeafState}
 * at index {@link #slot()} of {@link RuleState#leaves()}. Leaves never throw on odd input. A leaf that took new
 * evidence in a step (a reading it applied, a window that closed, silence detected) puts a trigger describing it
 * into {@link Step#triggers}: the rule's signal takes its trigger from there.
 */
interface Leaf {

    int slot();

    LeafState initial();

    /** Applies {@code step.reading}, a reading of the device; {@code step.now} is its arrival on the service clock. */
    LeafState onReading(LeafState state, Step step);

    /** The service clock moved on to {@code step.now}; only silence depends on it. */
    default LeafState onTick(LeafState state, Step step) {
        return state;
    }

    /** Whether the leaf holds (what raises). */
    boolean holds(LeafState state);

    /**
     * Whether the latest evidence still speaks for the condition: it holds, or it is building up (a threshold
     * met but waiting for its for-duration, a run of the stuck value). A raised rule without a clear condition
     * clears when its condition is no longer supported, so a for-duration delays raising, not clearing.
     */
    boolean supports(LeafState state);

    /** The condition in words, e.g. {@code temperature > 35.0 for PT1M}. */
    String text();

    /**
     * The state of this leaf after the rule was edited, given the state of the leaf at the same slot before the
     * edit (null if there was none). Fresh by default: a pending for-duration or open windows were built for the
     * old definition.
     */
    default LeafState afterEdit(LeafState previous) {
        return initial();
    }

    /**
     * Whether a leaf at rest (its initial state) certainly stays at rest on {@code reading}, when the caller keeps
     * the device's order; false when unsure (the engine then takes the full path).
     */
    default boolean restsOn(io.fieldlink.contracts.TelemetryReceived reading) {
        return false;
    }

    /** Whether this leaf depends on the service clock (then the rule needs ticks). */
    default boolean watchesClock() {
        return false;
    }

    /** {@code state} if it belongs to this kind of leaf, else a fresh state (e.g. after a change of kind). */
    default <S extends LeafState> S own(LeafState state, Class<S> type, S initial) {
        return type.isInstance(state) ? type.cast(state) : initial;
    }
}
