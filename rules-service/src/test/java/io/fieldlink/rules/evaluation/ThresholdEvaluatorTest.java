package io.fieldlink.rules.evaluation;

import io.fieldlink.rules.evaluation.ThresholdState.Phase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.fieldlink.rules.evaluation.ThresholdEvent.Kind.CLEARED;
import static io.fieldlink.rules.evaluation.ThresholdEvent.Kind.RAISED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ThresholdEvaluatorTest {

    private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");
    private static final Condition ABOVE_80 = Condition.of(Comparison.GT, 80);

    private ThresholdState state = ThresholdState.initial();
    private final List<ThresholdEvent> events = new ArrayList<>();

    @Test
    void zeroDurationRaisesOnTheFirstReadingMeetingTheCondition() {
        var evaluator = new ThresholdEvaluator(ThresholdRule.of("temperature", ABOVE_80));

        apply(evaluator, 0, 79);
        assertThat(state.phase()).isEqualTo(Phase.NORMAL);
        assertThat(events).isEmpty();

        apply(evaluator, 1, 81);
        assertThat(state.phase()).isEqualTo(Phase.RAISED);
        assertThat(state.since()).isEqualTo(at(1));
        assertThat(events).containsExactly(new ThresholdEvent(RAISED, at(1), 81, at(1)));
    }

    @Test
    void staysRaisedWithoutRepeatingTheEvent() {
        var evaluator = new ThresholdEvaluator(ThresholdRule.of("temperature", ABOVE_80));

        apply(evaluator, 0, 81);
        apply(evaluator, 1, 90);
        apply(evaluator, 2, 85);

        assertThat(state).isEqualTo(new ThresholdState(Phase.RAISED, at(0), at(2)));
        assertThat(events).extracting(ThresholdEvent::kind).containsExactly(RAISED);
    }

    @Test
    void withoutAClearConditionClearsWhenTheRaiseConditionStopsHolding() {
        var evaluator = new ThresholdEvaluator(ThresholdRule.of("temperature", ABOVE_80));

        apply(evaluator, 0, 81);
        apply(evaluator, 1, 80);

        assertThat(state).isEqualTo(new ThresholdState(Phase.NORMAL, null, at(1)));
        assertThat(events).containsExactly(
                new ThresholdEvent(RAISED, at(0), 81, at(0)),
                new ThresholdEvent(CLEARED, at(1), 80, at(0)));
    }

    @Test
    void hysteresisKeepsItRaisedBetweenClearAndRaiseThresholds() {
        var evaluator = new ThresholdEvaluator(new ThresholdRule("temperature", ABOVE_80,
                Optional.of(Condition.of(Comparison.LT, 70)), Duration.ZERO));

        apply(evaluator, 0, 81);
        // flapping around the raise threshold, but above the clear threshold: no storm
        apply(evaluator, 1, 79);
        apply(evaluator, 2, 81);
        apply(evaluator, 3, 70);
        apply(evaluator, 4, 82);
        assertThat(state.phase()).isEqualTo(Phase.RAISED);
        assertThat(events).extracting(ThresholdEvent::kind).containsExactly(RAISED);

        apply(evaluator, 5, 69);
        apply(evaluator, 6, 65);
        apply(evaluator, 7, 75);
        assertThat(state.phase()).isEqualTo(Phase.NORMAL);
        assertThat(events).extracting(ThresholdEvent::kind).containsExactly(RAISED, CLEARED);
        assertThat(events.get(1)).isEqualTo(new ThresholdEvent(CLEARED, at(5), 69, at(0)));
    }

    @Test
    void aShortBlipDoesNotRaise() {
        var evaluator = new ThresholdEvaluator(rule(Duration.ofSeconds(60)));

        apply(evaluator, 0, 81);
        assertThat(state).isEqualTo(new ThresholdState(Phase.PENDING, at(0), at(0)));
        apply(evaluator, 30, 85);
        apply(evaluator, 59, 79);
        assertThat(state).isEqualTo(new ThresholdState(Phase.NORMAL, null, at(59)));
        apply(evaluator, 61, 81);

        assertThat(state).isEqualTo(new ThresholdState(Phase.PENDING, at(61), at(61)));
        assertThat(events).isEmpty();
    }

    @Test
    void aContinuousConditionRaisesOnceAtTheFirstReadingAfterTheDuration() {
        var evaluator = new ThresholdEvaluator(rule(Duration.ofSeconds(60)));

        apply(evaluator, 0, 81);
        apply(evaluator, 30, 82);
        apply(evaluator, 59, 83);
        assertThat(events).isEmpty();

        apply(evaluator, 60, 84);
        apply(evaluator, 90, 85);
        apply(evaluator, 120, 86);

        assertThat(events).containsExactly(new ThresholdEvent(RAISED, at(60), 84, at(0)));
        assertThat(state).isEqualTo(new ThresholdState(Phase.RAISED, at(0), at(120)));
    }

    @Test
    void theDurationIsMeasuredInEventTimeEvenAcrossSparseReadings() {
        var evaluator = new ThresholdEvaluator(rule(Duration.ofSeconds(60)));

        apply(evaluator, 0, 81);
        apply(evaluator, 600, 81);

        assertThat(events).containsExactly(new ThresholdEvent(RAISED, at(600), 81, at(0)));
    }

    @Test
    void outOfOrderReadingsAreIgnored() {
        var evaluator = new ThresholdEvaluator(ThresholdRule.of("temperature", ABOVE_80));

        apply(evaluator, 10, 79);
        ThresholdState before = state;
        Transition late = evaluator.next(state, at(5), 95);

        assertThat(late.state()).isSameAs(before);
        assertThat(late.event()).isEmpty();

        apply(evaluator, 10, 81); // same event time as the last reading is not out of order
        assertThat(events).extracting(ThresholdEvent::kind).containsExactly(RAISED);
        Transition lateClear = evaluator.next(state, at(9), 10);
        assertThat(lateClear.state()).isSameAs(state);
        assertThat(lateClear.event()).isEmpty();
    }

    @Test
    void outOfOrderReadingsDoNotResetAPendingCondition() {
        var evaluator = new ThresholdEvaluator(rule(Duration.ofSeconds(60)));

        apply(evaluator, 0, 81);
        apply(evaluator, 30, 81);
        apply(evaluator, 20, 10); // late, ignored
        apply(evaluator, 60, 81);

        assertThat(events).containsExactly(new ThresholdEvent(RAISED, at(60), 81, at(0)));
    }

    @Test
    void nanReadingsAreIgnored() {
        var evaluator = new ThresholdEvaluator(rule(Duration.ofSeconds(60)));

        apply(evaluator, 0, 81);
        ThresholdState pending = state;
        Transition nan = evaluator.next(state, at(30), Double.NaN);
        assertThat(nan.state()).isSameAs(pending);
        assertThat(nan.event()).isEmpty();

        apply(evaluator, 60, 81);
        ThresholdState raised = state;
        Transition nanWhileRaised = evaluator.next(state, at(90), Double.NaN);
        assertThat(nanWhileRaised.state()).isSameAs(raised);
        assertThat(nanWhileRaised.event()).isEmpty();
        assertThat(events).extracting(ThresholdEvent::kind).containsExactly(RAISED);
    }

    @Test
    void worksWithRangedConditions() {
        var evaluator = new ThresholdEvaluator(new ThresholdRule("humidity", Condition.outside(30, 60),
                Optional.of(Condition.between(35, 55)), Duration.ZERO));

        apply(evaluator, 0, 30);  // outside is strict: not raised
        apply(evaluator, 1, 29);  // raised
        apply(evaluator, 2, 33);  // neither raise nor clear: stays raised
        apply(evaluator, 3, 35);  // between is inclusive: clears

        assertThat(events).extracting(ThresholdEvent::kind, ThresholdEvent::value)
                .containsExactly(tuple(RAISED, 29.0),
                        tuple(CLEARED, 35.0));
    }

    private static ThresholdRule rule(Duration forDuration) {
        return new ThresholdRule("temperature", ABOVE_80, Optional.empty(), forDuration);
    }

    private void apply(ThresholdEvaluator evaluator, long seconds, double value) {
        Transition transition = evaluator.next(state, at(seconds), value);
        state = transition.state();
        transition.event().ifPresent(events::add);
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }
}
