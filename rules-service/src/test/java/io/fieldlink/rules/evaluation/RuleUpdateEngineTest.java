package io.fieldlink.rules.evaluation;

import io.fieldlink.rules.definition.NoDataCondition;
import io.fieldlink.rules.definition.StuckCondition;
import io.fieldlink.rules.definition.ThresholdCondition;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.fieldlink.rules.evaluation.Signal.Kind.CLEARED;
import static io.fieldlink.rules.evaluation.Signal.Kind.RAISED;
import static org.assertj.core.api.Assertions.assertThat;

class RuleUpdateEngineTest {

    private static ThresholdCondition above(double value, Duration forDuration) {
        return new ThresholdCondition("temperature", ">", value, null, forDuration);
    }

    @Test
    void anEditResetsThePendingDuration() {
        var driver = new EngineDriver(above(35, Duration.ofMinutes(1)), null);
        driver.read(0, "temperature", 36);
        driver.read(30, "temperature", 36);

        driver.update(above(35, Duration.ofMinutes(1)), null);
        driver.read(60, "temperature", 36);
        assertThat(driver.signals).isEmpty();
        assertThat(driver.state.revision()).isEqualTo(2);

        driver.read(120, "temperature", 36);
        assertThat(driver.kinds()).containsExactly(RAISED);
    }

    @Test
    void aRaisedRuleStaysRaisedAfterAnEditWhileNothingContradictsIt() {
        var driver = new EngineDriver(above(80, null), null);
        driver.read(0, "temperature", 95);

        driver.update(above(90, Duration.ofMinutes(1)), null);
        driver.read(10, "humidity", 50);
        driver.read(20, "temperature", 95);

        assertThat(driver.kinds()).containsExactly(RAISED);
        assertThat(driver.state.raised()).isTrue();
    }

    @Test
    void aRaisedRuleClearsAfterAnEditWhenTheNewConditionFails() {
        var driver = new EngineDriver(above(80, null), null);
        driver.read(0, "temperature", 85);

        driver.update(above(90, null), null);
        driver.read(10, "temperature", 85);

        assertThat(driver.kinds()).containsExactly(RAISED, CLEARED);
        assertThat(driver.state.revision()).isEqualTo(2);
    }

    @Test
    void anEditToAnotherKindStartsTheNewKindFresh() {
        var driver = new EngineDriver(above(80, null), null);
        driver.read(0, "power", 0);

        driver.update(new StuckCondition("power", 0.0, Duration.ofMinutes(30)), null);
        driver.read(10, "power", 0);
        driver.read(1810, "power", 0);

        assertThat(driver.kinds()).containsExactly(RAISED);
        assertThat(driver.state.leaves()).singleElement().isInstanceOf(StuckState.class);
    }

    @Test
    void aTickMigratesTheStateAndASilentDeviceStaysWatchedUnderTheNewDuration() {
        var driver = new EngineDriver(new NoDataCondition("power", Duration.ofMinutes(10)), null);
        driver.read(0, "power", 1);

        driver.update(new NoDataCondition("power", Duration.ofMinutes(5)), null);
        driver.tick(240);
        assertThat(driver.signals).isEmpty();
        assertThat(driver.state.revision()).isEqualTo(2);

        // the silence since the last reading before the edit counts: the device may never send again
        driver.tick(300);
        assertThat(driver.kinds()).containsExactly(RAISED);
    }

    @Test
    void anEditDoesNotStartWatchingADeviceThatNeverSentTheMeasurement() {
        var driver = new EngineDriver(new NoDataCondition("power", Duration.ofMinutes(10)), null);
        driver.read(0, "temperature", 20);

        driver.update(new NoDataCondition("power", Duration.ofMinutes(5)), null);
        driver.tick(3600);

        assertThat(driver.signals).isEmpty();
    }

    @Test
    void aStateOfAnotherShapeWithTheSameRevisionDoesNotBreakTheEngine() {
        var driver = new EngineDriver(above(80, null), null);
        driver.state = new RuleState(1, false, java.util.List.of(new NoDataState(EngineDriver.T0, true)));

        driver.read(0, "temperature", 85);

        assertThat(driver.kinds()).containsExactly(RAISED);
    }

    @Test
    void aNullStateIsTheInitialOne() {
        var driver = new EngineDriver(above(80, null), null);
        driver.state = null;

        driver.read(0, "temperature", 85);

        assertThat(driver.kinds()).containsExactly(RAISED);
    }
}
