package io.fieldlink.rules.evaluation;

import io.fieldlink.rules.definition.AllOfCondition;
import io.fieldlink.rules.definition.AnyOfCondition;
import io.fieldlink.rules.definition.NoDataCondition;
import io.fieldlink.rules.definition.StuckCondition;
import io.fieldlink.rules.definition.ThresholdCondition;
import io.fieldlink.rules.definition.WindowCondition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.fieldlink.rules.evaluation.Signal.Kind.CLEARED;
import static io.fieldlink.rules.evaluation.Signal.Kind.RAISED;
import static org.assertj.core.api.Assertions.assertThat;

class CompoundConditionEngineTest {

    private static ThresholdCondition threshold(String measurement, String operator, double value) {
        return new ThresholdCondition(measurement, operator, value, null, null);
    }

    @Test
    void allOfRaisesWhenTheLastChildStartsToHoldAndTakesItsTrigger() {
        var driver = new EngineDriver(new AllOfCondition(List.of(
                threshold("temperature", ">", 30),
                new StuckCondition("power", 0.0, Duration.ofMinutes(30)))), null);

        driver.read(0, Map.of("temperature", 35.0, "power", 0.0));
        driver.read(1000, Map.of("temperature", 35.0, "power", 0.0));
        assertThat(driver.signals).isEmpty();

        driver.read(1800, Map.of("temperature", 35.0, "power", 0.0));
        assertThat(driver.kinds()).containsExactly(RAISED);
        assertThat(driver.last().trigger().condition()).isEqualTo("power stuck at 0.0 for PT30M");

        // one child against it is enough to clear an allOf
        driver.read(1900, Map.of("temperature", 25.0, "power", 0.0));
        assertThat(driver.kinds()).containsExactly(RAISED, CLEARED);
        assertThat(driver.last().trigger().condition()).isEqualTo("temperature > 30.0");
    }

    @Test
    void allOfDoesNotRaiseWhileOneChildDoesNotHold() {
        var driver = new EngineDriver(new AllOfCondition(List.of(
                threshold("temperature", ">", 30), threshold("humidity", ">", 80))), null);

        driver.read(0, Map.of("temperature", 35.0, "humidity", 50.0));
        driver.read(1, Map.of("temperature", 20.0, "humidity", 90.0));
        assertThat(driver.signals).isEmpty();

        // a reading with only humidity leaves temperature's truth as it was (not holding)
        driver.read(2, Map.of("humidity", 95.0));
        assertThat(driver.signals).isEmpty();
        driver.read(3, Map.of("temperature", 31.0));
        assertThat(driver.kinds()).containsExactly(RAISED);
    }

    @Test
    void anyOfOfWindowAndSilenceStaysRaisedWhileOneChildStillHolds() {
        var driver = new EngineDriver(new AnyOfCondition(List.of(
                new WindowCondition("temperature", "avg", Duration.ofMinutes(1), null, null, ">", 30.0, null),
                new NoDataCondition("power", Duration.ofMinutes(10)))), null);

        driver.read(0, Map.of("power", 1.0, "temperature", 20.0));
        driver.tick(600);
        assertThat(driver.kinds()).containsExactly(RAISED);
        assertThat(driver.last().trigger().condition()).isEqualTo("no data from power for PT10M");

        // the window closes below the threshold, but power is still silent
        driver.read(610, Map.of("temperature", 20.0));
        assertThat(driver.kinds()).containsExactly(RAISED);

        driver.read(620, Map.of("power", 1.0, "temperature", 20.0));
        assertThat(driver.kinds()).containsExactly(RAISED, CLEARED);
        assertThat(driver.last().trigger().measurement()).isEqualTo("power");
    }

    @Test
    void anyOfClearsWhenTheRaisingChildFailsEvenIfAnotherChildNeverSawData() {
        var driver = new EngineDriver(new AnyOfCondition(List.of(
                threshold("temperature", ">", 40), threshold("humidity", ">", 90))), null);

        driver.read(0, "temperature", 41);
        driver.read(1, "temperature", 20);

        assertThat(driver.kinds()).containsExactly(RAISED, CLEARED);
    }

    @Test
    void theTriggerComesFromTheBranchThatMadeTheRuleHold() {
        // a of allOf(a, b) starts to hold in the same reading as c, but only c makes the rule hold
        var driver = new EngineDriver(new AnyOfCondition(List.of(
                new AllOfCondition(List.of(threshold("temperature", ">", 30), threshold("humidity", ">", 80))),
                threshold("pressure", "<", 900))), null);

        driver.read(0, Map.of("temperature", 35.0, "humidity", 50.0, "pressure", 850.0));

        assertThat(driver.kinds()).containsExactly(RAISED);
        assertThat(driver.last().trigger().measurement()).isEqualTo("pressure");
    }

    @Test
    void mixedKindsWithAnExplicitClear() {
        var driver = new EngineDriver(new AllOfCondition(List.of(
                threshold("temperature", ">", 30),
                new WindowCondition("humidity", "max", Duration.ofMinutes(1), null, null, ">", 80.0, null))),
                threshold("temperature", "<", 20));

        driver.read(0, Map.of("temperature", 35.0, "humidity", 85.0));
        assertThat(driver.signals).isEmpty();
        driver.read(60, Map.of("temperature", 35.0, "humidity", 10.0));
        assertThat(driver.kinds()).containsExactly(RAISED);
        assertThat(driver.last().trigger().aggregate()).isEqualTo("max");

        // the condition stops holding, but only the clear condition clears
        driver.read(120, Map.of("temperature", 25.0, "humidity", 10.0));
        assertThat(driver.kinds()).containsExactly(RAISED);
        driver.read(130, Map.of("temperature", 19.0));
        assertThat(driver.kinds()).containsExactly(RAISED, CLEARED);
    }
}
