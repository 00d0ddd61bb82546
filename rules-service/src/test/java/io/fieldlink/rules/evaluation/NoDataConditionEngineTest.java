package io.fieldlink.rules.evaluation;

import io.fieldlink.contracts.AlertTrigger;
import io.fieldlink.rules.definition.NoDataCondition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.fieldlink.rules.evaluation.EngineDriver.at;
import static io.fieldlink.rules.evaluation.Signal.Kind.CLEARED;
import static io.fieldlink.rules.evaluation.Signal.Kind.RAISED;
import static org.assertj.core.api.Assertions.assertThat;

class NoDataConditionEngineTest {

    private static final NoDataCondition NO_POWER_FOR_10_MINUTES = new NoDataCondition("power", Duration.ofMinutes(10));

    @Test
    void aDeviceThatNeverSentIsNotWatched() {
        var driver = new EngineDriver(NO_POWER_FOR_10_MINUTES, null);

        driver.tick(3600);

        assertThat(driver.signals).isEmpty();
    }

    @Test
    void raisesOnTheFirstTickWhenTheDurationHasPassedSinceTheLastArrival() {
        var driver = new EngineDriver(NO_POWER_FOR_10_MINUTES, null);
        driver.read(0, "power", 5);

        driver.tick(599.999);
        assertThat(driver.signals).isEmpty();

        driver.tick(600);
        assertThat(driver.kinds()).containsExactly(RAISED);
        assertThat(driver.last().trigger()).isEqualTo(new AlertTrigger("power", null, "no data from power for PT10M",
                null, null, null, null, at(600), null, null));

        driver.tick(700);
        assertThat(driver.kinds()).containsExactly(RAISED);
    }

    @Test
    void theNextMatchingReadingEndsIt() {
        var driver = new EngineDriver(NO_POWER_FOR_10_MINUTES, null);
        driver.read(0, "power", 5);
        driver.tick(600);

        driver.read(650, "power", 7);

        assertThat(driver.kinds()).containsExactly(RAISED, CLEARED);
        assertThat(driver.last().trigger()).extracting(AlertTrigger::value, AlertTrigger::messageId)
                .containsExactly(7.0, "m2");
        // and the watch starts again from that arrival
        driver.tick(1249);
        assertThat(driver.kinds()).containsExactly(RAISED, CLEARED);
        driver.tick(1250);
        assertThat(driver.kinds()).containsExactly(RAISED, CLEARED, RAISED);
    }

    @Test
    void readingsOfOtherMeasurementsDoNotCount() {
        var driver = new EngineDriver(NO_POWER_FOR_10_MINUTES, null);
        driver.read(0, "power", 5);

        driver.read(300, "temperature", 20);
        driver.read(599, "temperature", 20);
        assertThat(driver.signals).isEmpty();

        // a reading of something else arriving after the duration shows the silence as well as a tick would
        driver.read(601, "temperature", 20);
        assertThat(driver.kinds()).containsExactly(RAISED);
    }

    @Test
    void withoutAMeasurementAnyReadingCounts() {
        var driver = new EngineDriver(new NoDataCondition(null, Duration.ofMinutes(10)), null);
        driver.read(0, "power", 5);
        driver.read(500, "temperature", 20);

        driver.tick(1000);
        assertThat(driver.signals).isEmpty();

        driver.tick(1100);
        assertThat(driver.kinds()).containsExactly(RAISED);
        assertThat(driver.last().trigger().condition()).isEqualTo("no data for PT10M");
        assertThat(driver.last().trigger().measurement()).isNull();

        driver.read(1200, Map.of("humidity", 1.0));
        assertThat(driver.kinds()).containsExactly(RAISED, CLEARED);
    }

    @Test
    void usesTheArrivalClockNotEventTime() {
        var driver = new EngineDriver(NO_POWER_FOR_10_MINUTES, null);

        // a reading stamped long ago but arriving now starts the watch now
        driver.readArriving(-86_400, 0, Map.of("power", 5.0));
        driver.tick(599);

        assertThat(driver.signals).isEmpty();
    }

    @Test
    void onlyRulesWithNoDataNeedTicks() {
        var engine = new RuleEngine();

        assertThat(engine.needsTicks(EngineDriver.rule(1, NO_POWER_FOR_10_MINUTES, null))).isTrue();
        assertThat(engine.needsTicks(EngineDriver.rule(1,
                new io.fieldlink.rules.definition.ThresholdCondition("t", ">", 1.0, null, null), null))).isFalse();
    }
}
