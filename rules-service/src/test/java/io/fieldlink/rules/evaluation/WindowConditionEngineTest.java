package io.fieldlink.rules.evaluation;

import io.fieldlink.contracts.AlertTrigger;
import io.fieldlink.rules.definition.WindowCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;

import static io.fieldlink.rules.evaluation.EngineDriver.at;
import static io.fieldlink.rules.evaluation.Signal.Kind.CLEARED;
import static io.fieldlink.rules.evaluation.Signal.Kind.RAISED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WindowConditionEngineTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static WindowCondition window(String aggregate, Duration size, Duration advance, Duration grace,
                                          String operator, double value) {
        return new WindowCondition("temperature", aggregate, size, advance, grace, operator, value, null);
    }

    private static WindowCondition avgOverAMinuteAbove30() {
        return window("avg", MINUTE, null, null, ">", 30);
    }

    @Test
    void changesStateOnlyWhenAWindowClosesAndTheTriggerDescribesTheWindow() {
        var driver = new EngineDriver(avgOverAMinuteAbove30(), null);

        driver.read(0, "temperature", 31);
        driver.read(30, "temperature", 33);
        assertThat(driver.signals).isEmpty();

        driver.read(60, "temperature", 10);

        assertThat(driver.kinds()).containsExactly(RAISED);
        assertThat(driver.last().trigger()).isEqualTo(new AlertTrigger("temperature", 32.0,
                "avg(temperature) over PT1M > 30.0", 30.0, "avg", at(0), at(60), at(60), "m3", at(60).plusMillis(200)));
    }

    @Test
    void clearsWhenALaterWindowClosesBelowTheThreshold() {
        var driver = new EngineDriver(avgOverAMinuteAbove30(), null);

        driver.read(0, "temperature", 31);
        driver.read(60, "temperature", 10);
        driver.read(119, "temperature", 10);
        assertThat(driver.kinds()).containsExactly(RAISED);

        driver.read(120, "temperature", 50);

        assertThat(driver.kinds()).containsExactly(RAISED, CLEARED);
        assertThat(driver.last().trigger().value()).isEqualTo(10.0);
        assertThat(driver.last().trigger().windowStart()).isEqualTo(at(60));
    }

    @Test
    void windowsAreAlignedToTheEpoch() {
        var driver = new EngineDriver(window("count", MINUTE, null, null, ">=", 2), null);

        // 59s and 61s lie in different minutes, so no window ever has two readings
        driver.read(59, "temperature", 1);
        driver.read(61, "temperature", 1);
        driver.read(150, "temperature", 1);

        assertThat(driver.signals).isEmpty();
    }

    @Test
    void aLateReadingWithinGraceIsCountedAndOneAfterGraceIsDropped() {
        var driver = new EngineDriver(window("avg", MINUTE, null, Duration.ofSeconds(10), ">", 50), null);

        driver.read(0, "temperature", 31);
        driver.read(65, "temperature", 10);
        // stream time 65 < 60 + 10: [0, 60) still open, the late reading counts
        driver.read(50, "temperature", 100);
        assertThat(driver.signals).isEmpty();

        driver.read(70, "temperature", 10);
        assertThat(driver.kinds()).containsExactly(RAISED);
        assertThat(driver.last().trigger().value()).isEqualTo(65.5);
        assertThat(driver.lateDropped).isZero();

        driver.read(55, "temperature", 1000);

        assertThat(driver.lateDropped).isEqualTo(1);
        assertThat(driver.kinds()).containsExactly(RAISED);
    }

    @Test
    void aWindowClosesExactlyWhenStreamTimeReachesEndPlusGrace() {
        var driver = new EngineDriver(window("max", MINUTE, null, Duration.ofSeconds(10), ">", 30), null);

        driver.read(0, "temperature", 31);
        driver.read(69.999, "temperature", 1);
        assertThat(driver.signals).isEmpty();

        driver.read(70, "temperature", 1);
        assertThat(driver.kinds()).containsExactly(RAISED);
    }

    @Test
    void readingsWithoutTheMeasurementStillMoveStreamTime() {
        var driver = new EngineDriver(avgOverAMinuteAbove30(), null);

        driver.read(0, "temperature", 31);
        driver.read(60, Map.of("humidity", 40.0));

        assertThat(driver.kinds()).containsExactly(RAISED);
    }

    @Test
    void hoppingWindowsCountAReadingInEveryWindowCoveringIt() {
        var driver = new EngineDriver(window("max", MINUTE, Duration.ofSeconds(30), null, ">", 50), null);

        driver.read(10, "temperature", 40);
        driver.read(40, "temperature", 60);
        // [-30s, 30s) closed with max 40
        assertThat(driver.signals).isEmpty();

        driver.read(60, "temperature", 0);
        assertThat(driver.kinds()).containsExactly(RAISED);
        assertThat(driver.last().trigger()).extracting(AlertTrigger::windowStart, AlertTrigger::windowEnd,
                AlertTrigger::condition).containsExactly(at(0), at(60), "max(temperature) over PT1M every PT30S > 50.0");

        // [30s, 90s) also holds the 60 of 40s
        driver.read(90, "temperature", 0);
        assertThat(driver.kinds()).containsExactly(RAISED);

        driver.read(120, "temperature", 0);
        assertThat(driver.kinds()).containsExactly(RAISED, CLEARED);
        assertThat(driver.last().trigger().windowStart()).isEqualTo(at(60));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"avg, 23.333333", "min, 10", "max, 40", "sum, 70", "count, 3", "rate, 0.75"})
    void eachAggregate(String aggregate, double expected) {
        var driver = new EngineDriver(window(aggregate, MINUTE, null, null, ">", -1e9), null);

        // out of order within the window: rate still goes from the earliest to the latest by event time
        driver.read(20, "temperature", 20);
        driver.read(40, "temperature", 40);
        driver.read(0, "temperature", 10);
        driver.read(60, "humidity", 0);

        assertThat(driver.kinds()).containsExactly(RAISED);
        assertThat(driver.last().trigger().value()).isCloseTo(expected, within(1e-6));
        assertThat(driver.last().trigger().aggregate()).isEqualTo(aggregate);
    }

    @Test
    void rateIsNegativeWhenTheValueFalls() {
        var driver = new EngineDriver(window("rate", MINUTE, null, null, "<", -0.5), null);

        driver.read(0, "temperature", 40);
        driver.read(20, "temperature", 10);
        driver.read(60, "humidity", 0);

        assertThat(driver.kinds()).containsExactly(RAISED);
        assertThat(driver.last().trigger().value()).isEqualTo(-1.5);
    }

    @Test
    void rateNeedsTwoReadingsAtDifferentTimes() {
        var driver = new EngineDriver(window("rate", MINUTE, null, null, ">", -1e9), null);

        driver.read(0, "temperature", 10);
        driver.read(0, "temperature", 20);
        driver.read(60, "humidity", 0);

        assertThat(driver.signals).isEmpty();
        assertThat(driver.state.leaves().getFirst()).isInstanceOfSatisfying(WindowState.class,
                state -> assertThat(state.closedThrough()).isEqualTo(at(60)));
    }

    @Test
    void openWindowsAreBoundedByClosingTheOldestEarly() {
        var driver = new EngineDriver(new RuleEngine(100, 2),
                window("max", MINUTE, null, Duration.ofHours(1), ">", 30), null);

        driver.read(0, "temperature", 31);
        driver.read(60, "temperature", 1);
        assertThat(driver.signals).isEmpty();

        driver.read(120, "temperature", 1);

        assertThat(driver.kinds()).containsExactly(RAISED);
        assertThat(driver.last().trigger().windowStart()).isEqualTo(at(0));
        assertThat(((WindowState) driver.state.leaves().getFirst()).windows()).hasSize(2);
        // the early-closed window does not open again
        driver.read(30, "temperature", 99);
        assertThat(driver.lateDropped).isEqualTo(1);
    }

    @Test
    void windowsOverlappingMoreThanTheBoundAreNotEvaluated() {
        var driver = new EngineDriver(new RuleEngine(100, 10),
                window("max", MINUTE, Duration.ofSeconds(1), null, ">", 30), null);

        driver.read(0, "temperature", 31);
        driver.read(600, "temperature", 31);

        assertThat(driver.signals).isEmpty();
        assertThat(driver.state.leaves()).isEmpty();
    }

    @Test
    void nanReadingsAreNotAggregated() {
        var driver = new EngineDriver(window("count", MINUTE, null, null, ">=", 2), null);

        driver.read(0, "temperature", 1);
        driver.read(10, "temperature", Double.NaN);
        driver.read(60, "temperature", 1);

        assertThat(driver.signals).isEmpty();
    }
}
