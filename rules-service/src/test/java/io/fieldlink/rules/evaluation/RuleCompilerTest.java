package io.fieldlink.rules.evaluation;

import io.fieldlink.rules.definition.AllOfCondition;
import io.fieldlink.rules.definition.AnyOfCondition;
import io.fieldlink.rules.definition.NoDataCondition;
import io.fieldlink.rules.definition.RuleCondition;
import io.fieldlink.rules.definition.StuckCondition;
import io.fieldlink.rules.definition.ThresholdCondition;
import io.fieldlink.rules.definition.WindowCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Odd stored rules never throw: the unusable leaf just never holds. */
class RuleCompilerTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    static Stream<RuleCondition> unusableConditions() {
        return Stream.of(
                new ThresholdCondition("temperature", "=>", 1.0, null, null),
                new ThresholdCondition("temperature", null, 1.0, null, null),
                new ThresholdCondition("temperature", ">", null, null, null),
                new ThresholdCondition(null, ">", 1.0, null, null),
                new ThresholdCondition(" ", ">", 1.0, null, null),
                new ThresholdCondition("temperature", "between", 1.0, null, null),
                new ThresholdCondition("temperature", "between", 5.0, 1.0, null),
                new ThresholdCondition("temperature", ">", Double.NaN, null, null),
                new ThresholdCondition("temperature", ">", 1.0, null, Duration.ofSeconds(-1)),
                new WindowCondition("temperature", "median", MINUTE, null, null, ">", 1.0, null),
                new WindowCondition("temperature", "avg", null, null, null, ">", 1.0, null),
                new WindowCondition("temperature", "avg", Duration.ZERO, null, null, ">", 1.0, null),
                new WindowCondition("temperature", "avg", MINUTE, Duration.ZERO, null, ">", 1.0, null),
                new WindowCondition("temperature", "avg", MINUTE, null, null, "~", 1.0, null),
                new NoDataCondition("power", null),
                new NoDataCondition("power", Duration.ZERO),
                new StuckCondition("power", null, null),
                new StuckCondition(null, 0.0, MINUTE),
                new AllOfCondition(List.of()),
                new AnyOfCondition(null));
    }

    @ParameterizedTest
    @MethodSource("unusableConditions")
    void anUnusableConditionNeverRaisesAndNeverThrows(RuleCondition condition) {
        var driver = new EngineDriver(condition, null);

        for (int second = 0; second <= 7200; second += 60) {
            driver.read(second, Map.of("temperature", 5.0, "power", 0.0));
            driver.tick(second + 30);
        }

        assertThat(driver.signals).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("unusableConditions")
    void anUnusableBranchOfAnyOfDoesNotStopTheOthers(RuleCondition condition) {
        var driver = new EngineDriver(new AnyOfCondition(List.of(condition,
                new ThresholdCondition("temperature", ">", 1.0, null, null))), null);

        driver.read(0, Map.of("temperature", 5.0));

        assertThat(driver.kinds()).containsExactly(Signal.Kind.RAISED);
    }

    @ParameterizedTest
    @MethodSource("unusableConditions")
    void aRaisedRuleEditedToAnUnusableConditionClears(RuleCondition condition) {
        var driver = new EngineDriver(new ThresholdCondition("temperature", ">", 1.0, null, null), null);
        driver.read(0, Map.of("temperature", 5.0));

        driver.update(condition, null);
        driver.read(1, Map.of("humidity", 5.0));

        assertThat(driver.kinds()).containsExactly(Signal.Kind.RAISED, Signal.Kind.CLEARED);
    }

    @Test
    void aRuleWithoutAConditionNeverRaises() {
        var driver = new EngineDriver(null, null);

        driver.read(0, Map.of("temperature", 5.0));
        driver.tick(3600);

        assertThat(driver.signals).isEmpty();
        assertThat(driver.state.leaves()).isEmpty();
    }
}
