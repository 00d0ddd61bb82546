package io.fieldlink.rules.evaluation;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class ThresholdRuleTest {

    private static final Condition ABOVE_80 = Condition.of(Comparison.GT, 80);

    @Test
    void withoutAClearConditionClearsWhenRaiseNoLongerHolds() {
        ThresholdRule rule = ThresholdRule.of("temperature", ABOVE_80);
        assertThat(rule.forDuration()).isZero();
        assertThat(rule.clears(80)).isTrue();
        assertThat(rule.clears(81)).isFalse();
    }

    @Test
    void withAClearConditionOnlyItClears() {
        ThresholdRule rule = new ThresholdRule("temperature", ABOVE_80,
                Optional.of(Condition.of(Comparison.LT, 70)), Duration.ZERO);
        assertThat(rule.clears(75)).isFalse();
        assertThat(rule.clears(69)).isTrue();
    }

    @Test
    void rejectsABlankMeasurement() {
        assertThatIllegalArgumentException().isThrownBy(() -> ThresholdRule.of(" ", ABOVE_80))
                .withMessage("measurement must not be blank");
        assertThatIllegalArgumentException().isThrownBy(() -> ThresholdRule.of(null, ABOVE_80))
                .withMessage("measurement must not be blank");
    }

    @Test
    void rejectsMissingParts() {
        assertThatNullPointerException().isThrownBy(() -> ThresholdRule.of("t", null))
                .withMessage("raise must not be null");
        assertThatNullPointerException().isThrownBy(() -> new ThresholdRule("t", ABOVE_80, null, Duration.ZERO))
                .withMessageStartingWith("clear must not be null");
        assertThatNullPointerException().isThrownBy(() -> new ThresholdRule("t", ABOVE_80, Optional.empty(), null))
                .withMessage("forDuration must not be null");
    }

    @Test
    void rejectsANegativeForDuration() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ThresholdRule("t", ABOVE_80, Optional.empty(), Duration.ofSeconds(-1)))
                .withMessageStartingWith("forDuration must not be negative");
    }
}
