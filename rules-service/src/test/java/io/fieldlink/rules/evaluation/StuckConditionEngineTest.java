package io.fieldlink.rules.evaluation;

import io.fieldlink.contracts.AlertTrigger;
import io.fieldlink.rules.definition.StuckCondition;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.fieldlink.rules.evaluation.EngineDriver.at;
import static io.fieldlink.rules.evaluation.Signal.Kind.CLEARED;
import static io.fieldlink.rules.evaluation.Signal.Kind.RAISED;
import static org.assertj.core.api.Assertions.assertThat;

class StuckConditionEngineTest {

    private static final Duration HALF_HOUR = Duration.ofMinutes(30);

    @Test
    void anyValueKeptForTheDurationRaises() {
        var driver = new EngineDriver(new StuckCondition("power", null, HALF_HOUR), null);

        driver.read(0, "power", 12.5);
        driver.read(900, "power", 12.5);
        driver.read(1799, "power", 12.5);
        assertThat(driver.signals).isEmpty();

        driver.read(1800, "power", 12.5);

        assertThat(driver.kinds()).containsExactly(RAISED);
        assertThat(driver.last().trigger()).isEqualTo(new AlertTrigger("power", 12.5, "power unchanged for PT30M",
                null, null, null, null, at(1800), "m4", at(1800).plusMillis(200)));
    }

    @Test
    void aDifferentValueResetsTheRunAndClears() {
        var driver = new EngineDriver(new StuckCondition("power", null, HALF_HOUR), null);

        driver.read(0, "power", 1);
        driver.read(1000, "power", 2);
        driver.read(2000, "power", 2);
        assertThat(driver.signals).isEmpty();

        driver.read(2800, "power", 2);
        assertThat(driver.kinds()).containsExactly(RAISED);

        driver.read(2900, "power", 2.0001);
        assertThat(driver.kinds()).containsExactly(RAISED, CLEARED);
    }

    @Test
    void stuckAtZeroRaisesOnlyForZero() {
        var driver = new EngineDriver(new StuckCondition("power", 0.0, HALF_HOUR), null);

        driver.read(0, "power", 5);
        driver.read(1800, "power", 5);
        assertThat(driver.signals).isEmpty();

        driver.read(2000, "power", 0);
        driver.read(3000, "power", -0.0);
        driver.read(3800, "power", 0);

        assertThat(driver.kinds()).containsExactly(RAISED);
        assertThat(driver.last().trigger()).extracting(AlertTrigger::condition, AlertTrigger::threshold)
                .containsExactly("power stuck at 0.0 for PT30M", 0.0);

        driver.read(3900, "power", 0.1);
        assertThat(driver.kinds()).containsExactly(RAISED, CLEARED);
    }

    @Test
    void aNonZeroReadingRestartsTheZeroRun() {
        var driver = new EngineDriver(new StuckCondition("power", 0.0, HALF_HOUR), null);

        driver.read(0, "power", 0);
        driver.read(1000, "power", 3);
        driver.read(1100, "power", 0);
        driver.read(1800, "power", 0);
        assertThat(driver.signals).isEmpty();

        driver.read(2900, "power", 0);
        assertThat(driver.kinds()).containsExactly(RAISED);
    }

    @Test
    void outOfOrderAndNanReadingsAreIgnored() {
        var driver = new EngineDriver(new StuckCondition("power", null, HALF_HOUR), null);

        driver.read(0, "power", 1);
        driver.read(500, "power", Double.NaN);
        driver.read(-10, "power", 7);
        driver.read(1800, "power", 1);

        assertThat(driver.kinds()).containsExactly(RAISED);
    }

    @Test
    void aReadingWithoutTheMeasurementChangesNothing() {
        var driver = new EngineDriver(new StuckCondition("power", null, HALF_HOUR), null);

        driver.read(0, "power", 1);
        driver.read(1000, "temperature", 20);
        driver.read(1800, "power", 1);

        assertThat(driver.kinds()).containsExactly(RAISED);
    }
}
