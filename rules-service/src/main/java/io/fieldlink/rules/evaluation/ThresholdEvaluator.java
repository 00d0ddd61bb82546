package io.fieldlink.rules.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import static io.fieldlink.rules.evaluation.ThresholdEvent.Kind.CLEARED;
import static io.fieldlink.rules.evaluation.ThresholdEvent.Kind.RAISED;

/**
 * Pure state machine evaluating one {@link ThresholdRule} for one device, reading by reading.
 *
 * <ul>
 *   <li>NORMAL: a reading meeting the raise condition moves to PENDING(since = its event time), or straight to
 *       RAISED when the rule's for-duration is zero.</li>
 *   <li>PENDING: a reading still meeting it raises once {@code eventTime - since >= forDuration}; a reading not
 *       meeting it returns to NORMAL.</li>
 *   <li>RAISED: only the clear condition clears (hysteresis); other readings keep it raised without events.</li>
 * </ul>
 *
 * <p>Readings with a NaN value, and out-of-order readings (event time before the state's last event time), are
 * ignored: the state is returned unchanged and no event is emitted. Time is event time only; the evaluator never
 * looks at the wall clock. Readings with the same event time as the last one are applied.
 */
public final class ThresholdEvaluator {

    private final ThresholdRule rule;

    public ThresholdEvaluator(ThresholdRule rule) {
        this.rule = Objects.requireNonNull(rule, "rule must not be null");
    }

    public ThresholdRule rule() {
        return rule;
    }

    /** Applies one reading of the rule's measurement to {@code state}. */
    public Transition next(ThresholdState state, Instant eventTime, double value) {
        Objects.requireNonNull(state, "state must not be null");
        Objects.requireNonNull(eventTime, "eventTime must not be null");
        if (Double.isNaN(value) || (state.lastEventTime() != null && eventTime.isBefore(state.lastEventTime()))) {
            return Transition.quiet(state);
        }
        return switch (state.phase()) {
            case NORMAL -> fromNormal(eventTime, value);
            case PENDING -> fromPending(state, eventTime, value);
            case RAISED -> fromRaised(state, eventTime, value);
        };
    }

    private Transition fromNormal(Instant eventTime, double value) {
        if (!rule.raise().test(value)) {
            return Transition.quiet(ThresholdState.normal(eventTime));
        }
        if (rule.forDuration().isZero()) {
            return raise(eventTime, eventTime, value);
        }
        return Transition.quiet(ThresholdState.pending(eventTime, eventTime));
    }

    private Transition fromPending(ThresholdState state, Instant eventTime, double value) {
        if (!rule.raise().test(value)) {
            return Transition.quiet(ThresholdState.normal(eventTime));
        }
        if (Duration.between(state.since(), eventTime).compareTo(rule.forDuration()) >= 0) {
            return raise(state.since(), eventTime, value);
        }
        return Transition.quiet(state.seen(eventTime));
    }

    private Transition fromRaised(ThresholdState state, Instant eventTime, double value) {
        if (rule.clears(value)) {
            return Transition.emitting(ThresholdState.normal(eventTime),
                    new ThresholdEvent(CLEARED, eventTime, value, state.since()));
        }
        return Transition.quiet(state.seen(eventTime));
    }

    private static Transition raise(Instant since, Instant eventTime, double value) {
        return Transition.emitting(ThresholdState.raised(since, eventTime),
                new ThresholdEvent(RAISED, eventTime, value, since));
    }
}
