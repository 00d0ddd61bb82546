package io.fieldlink.rules.evaluation;

import java.time.Instant;

/**
 * One compiled leaf condition. Stateless and shared between threads; its per-device state is a {@link LeafState}
 * at index {@link #slot()} of {@link RuleState#leaves()}. Leaves never throw on odd input.
 */
interface Leaf {

    int slot();

    LeafState initial();

    /** Applies a reading of the device, {@code arrival} being the service clock. */
    LeafState onReading(LeafState state, Step step);

    /** The service clock moved on to {@code step.now}; only silence depends on it. */
    default LeafState onTick(LeafState state, Step step) {
        return state;
    }

    /** Whether the leaf holds (what raises). */
    boolean holds(LeafState state);

    /**
     * Whether the leaf is known not to hold any more: the latest evidence goes against it. Different from
     * {@code !holds} while the evidence is building up (a threshold waiting for its for-duration) or missing (no
     * reading yet); a raised rule without a clear condition clears only on this.
     */
    boolean knownFalse(LeafState state);

    /** The condition in words, e.g. {@code temperature > 35.0 for PT1M}. */
    String text();

    /** Whether this leaf depends on the service clock (then the rule needs ticks). */
    default boolean watchesClock() {
        return false;
    }

    default boolean truthChanged(LeafState before, LeafState after) {
        return holds(before) != holds(after) || knownFalse(before) != knownFalse(after);
    }

    /** {@code state} if it belongs to this kind of leaf, else a fresh state (e.g. after a change of kind). */
    default <S extends LeafState> S own(LeafState state, Class<S> type, S initial) {
        return type.isInstance(state) ? type.cast(state) : initial;
    }
}
