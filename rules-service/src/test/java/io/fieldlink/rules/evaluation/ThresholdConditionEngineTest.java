package io.fieldlink.rules.evaluation;

import io.fieldlink.contracts.AlertTrigger;
import io.fieldlink.rules.definition.AnyOfCondition;
import io.fieldlink.rules.definition.ThresholdCondition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.fieldlink.rules.evaluation.EngineDriver.at;
import static io.fieldlink.rules.evaluation.Signal.Kind.CLEARED;
import static io.fieldlink.rules.evaluation.Signal.Kind.RAISED;
import static org.assertj.core.api.Assertions.assertThat;

class ThresholdConditionEngineTest {

    private static ThresholdCondition threshold(String operator, double value, Double upper, Duration forDuration) {
        return new ThresholdCondition("temperature", operator, value, upper, forDuration);
    }

    private static ThresholdCondition above(double value) {
        return threshold(">", value, null, null);
    }

    @ParameterizedTest(name = "{1} {0} {2}: {3}")
    @CsvSource({
            ">,  30, 30,     false", ">,  30, 30.001, true", ">,  30, 29.999, false",
            ">=, 30, 30,     true",  ">=, 30, 29.999, false",
            "<,  30, 30,     false", "<,  30, 29.999, true",
            "<=, 30, 30,     true",  "<=, 30, 30.001, false",
            "==, 30, 30,     true",  "==, 30, 30.001, false"})
    void boundaryOfEachSingleThresholdOperator(String operator, double threshold, double value, boolean raises) {
        var driver = new EngineDriver(threshold(operator, threshold, null, null), null);

        driver.read(0, "temperature", value);

        assertThat(driver.kinds()).isEqualTo(raises ? List.of(RAISED) : List.of());
    }

    @ParameterizedTest(name = "{0} 10..20 with {1}: {2}")
    @CsvSource({
            "between, 10, true", "between, 20, true", "between, 9.999, false", "between, 20.001, false",
            "outside, 10, false", "outside, 20, false", "outside, 9.999, true", "outside, 20.001, true"})
    void boundaryOfRangedOperators(String operator, double value, boolean raises) {
        var driver = new EngineDriver(threshold(operator, 10, 20.0, null), null);

        driver.read(0, "temperature", value);

        assertThat(driver.kinds()).isEqualTo(raises ? List.of(RAISED) : List.of());
    }

    @Test
    void raisesOnlyOnceTheConditionHeldForItsDuration() {
        var driver = new EngineDriver(threshold(">", 35, null, Duration.ofMinutes(1)), null);

        driver.read(0, "temperature", 36);
        driver.read(30, "temperature", 37);
        driver.read(59.999, "temperature", 37);
        assertThat(driver.signals).isEmpty();

        driver.read(60, "temperature", 38);

        assertThat(driver.kinds()).containsExactly(RAISED);
        assertThat(driver.last().trigger()).isEqualTo(new AlertTrigger("temperature", 38.0,
                "temperature > 35.0 for PT1M", 35.0, null, null, null, at(60), "m4", at(60).plusMillis(200)));
    }

    @Test
    void aBlipBelowTheThresholdRestartsTheDuration() {
        var driver = new EngineDriver(threshold(">", 35, null, Duration.ofMinutes(1)), null);

        driver.read(0, "temperature", 36);
        driver.read(30, "temperature", 34);
        driver.read(40, "temperature", 36);
        driver.read(90, "temperature", 36);
        assertThat(driver.signals).isEmpty();

        driver.read(100, "temperature", 36);
        assertThat(driver.kinds()).containsExactly(RAISED);
    }

    @Test
    void withoutClearItClearsOnTheFirstFailingReadingOnlyOnce() {
        var driver = new EngineDriver(above(80), null);

        driver.read(0, "temperature", 81);
        driver.read(1, "temperature", 90);
        driver.read(2, "temperature", 80);
        driver.read(3, "temperature", 70);

        assertThat(driver.kinds()).containsExactly(RAISED, CLEARED);
        assertThat(driver.last().trigger().value()).isEqualTo(80.0);
        assertThat(driver.last().trigger().eventTime()).isEqualTo(at(2));
        assertThat(driver.state.raised()).isFalse();
    }

    @Test
    void withoutClearAReadingStillAboveTheThresholdKeepsItRaisedEvenBeforeTheDurationHasPassedAgain() {
        // raised through the second branch; the first branch is pending but its reading does not contradict it
        var driver = new EngineDriver(new AnyOfCondition(List.of(
                threshold(">", 35, null, Duration.ofMinutes(1)), above(40))), null);

        driver.read(0, "temperature", 41);
        driver.read(10, "temperature", 38);

        assertThat(driver.kinds()).containsExactly(RAISED);

        driver.read(20, "temperature", 35);
        assertThat(driver.kinds()).containsExactly(RAISED, CLEARED);
    }

    @Test
    void hysteresisGivesOneRaiseAndOneClearForAFlappingValue() {
        var driver = new EngineDriver(above(80), threshold("<", 70, null, null));

        double[] values = {81, 79, 81, 70, 82, 75, 80.5, 69, 65, 75, 79};
        for (int i = 0; i < values.length; i++) {
            driver.read(i, "temperature", values[i]);
        }

        assertThat(driver.kinds()).containsExactly(RAISED, CLEARED);
        assertThat(driver.signals.get(1).trigger().value()).isEqualTo(69.0);
        assertThat(driver.signals.get(1).trigger().condition()).isEqualTo("temperature < 70.0");
    }

    @Test
    void aClearConditionWithADurationClearsOnlyAfterItHeld() {
        var driver = new EngineDriver(above(80), threshold("<", 70, null, Duration.ofSeconds(30)));

        driver.read(0, "temperature", 81);
        driver.read(10, "temperature", 60);
        driver.read(20, "temperature", 60);
        assertThat(driver.kinds()).containsExactly(RAISED);

        driver.read(40, "temperature", 60);
        assertThat(driver.kinds()).containsExactly(RAISED, CLEARED);
    }

    @Test
    void outOfOrderReadingsAreIgnored() {
        var driver = new EngineDriver(above(80), null);

        driver.read(10, "temperature", 81);
        driver.read(5, "temperature", 20);

        assertThat(driver.kinds()).containsExactly(RAISED);
        assertThat(driver.state.raised()).isTrue();
    }

    @Test
    void outOfOrderReadingsDoNotRestartAPendingDuration() {
        var driver = new EngineDriver(threshold(">", 35, null, Duration.ofMinutes(1)), null);

        driver.read(0, "temperature", 36);
        driver.read(-5, "temperature", 20);
        driver.read(60, "temperature", 36);

        assertThat(driver.kinds()).containsExactly(RAISED);
    }

    @Test
    void nanIsIgnored() {
        var driver = new EngineDriver(above(80), null);

        driver.read(0, "temperature", 81);
        driver.read(1, "temperature", Double.NaN);

        assertThat(driver.kinds()).containsExactly(RAISED);
    }

    @Test
    void aReadingWithoutTheMeasurementChangesNothing() {
        var driver = new EngineDriver(above(80), null);
        driver.read(0, "temperature", 81);
        RuleState raised = driver.state;

        driver.read(1, "humidity", 10);

        assertThat(driver.state).isSameAs(raised);
        assertThat(driver.kinds()).containsExactly(RAISED);
    }

    @Test
    void sameEventTimeAsTheLastReadingIsApplied() {
        var driver = new EngineDriver(above(80), null);

        driver.read(0, "temperature", 81);
        driver.read(0, "temperature", 70);

        assertThat(driver.kinds()).containsExactly(RAISED, CLEARED);
    }

    @Test
    void theFarmRuleRaisesOnSustainedHeatOrAtOnceOnExtremeHeatAndClearsBelowThirty() {
        var driver = new EngineDriver(new AnyOfCondition(List.of(
                threshold(">", 35, null, Duration.ofMinutes(1)), above(40))), threshold("<", 30, null, null));

        // sustained heat: raised by the first branch after a minute
        driver.read(0, "temperature", 36);
        driver.read(30, "temperature", 37);
        driver.read(60, "temperature", 36.5);
        assertThat(driver.kinds()).containsExactly(RAISED);
        assertThat(driver.last().trigger().condition()).isEqualTo("temperature > 35.0 for PT1M");
        // cooling, but not below 30: still raised
        driver.read(90, "temperature", 32);
        driver.read(120, "temperature", 30);
        assertThat(driver.kinds()).containsExactly(RAISED);
        driver.read(150, "temperature", 29.5);
        assertThat(driver.kinds()).containsExactly(RAISED, CLEARED);
        assertThat(driver.last().trigger().condition()).isEqualTo("temperature < 30.0");

        // extreme heat: raised at once by the second branch
        driver.read(200, "temperature", 41);
        assertThat(driver.kinds()).containsExactly(RAISED, CLEARED, RAISED);
        assertThat(driver.last().trigger()).extracting(AlertTrigger::condition, AlertTrigger::value, AlertTrigger::threshold)
                .containsExactly("temperature > 40.0", 41.0, 40.0);
        driver.read(210, "temperature", 25);
        assertThat(driver.kinds()).containsExactly(RAISED, CLEARED, RAISED, CLEARED);
    }

    @Test
    void unchangedStateIsReturnedAsTheSameInstance() {
        var driver = new EngineDriver(above(80), null);
        RuleState before = driver.state;

        driver.read(0, Map.of("humidity", 1.0));

        assertThat(driver.state).isSameAs(before);
    }
}
