package io.fieldlink.rules.evaluation;

import io.fieldlink.rules.evaluation.ThresholdState.Phase;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class ThresholdStateTest {

    private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

    @Test
    void startsNormalWithoutTimes() {
        assertThat(ThresholdState.initial()).isEqualTo(new ThresholdState(Phase.NORMAL, null, null));
    }

    @Test
    void validatesSince() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ThresholdState(Phase.NORMAL, T0, T0))
                .withMessage("since must be absent for NORMAL");
        assertThatNullPointerException().isThrownBy(() -> new ThresholdState(Phase.RAISED, null, T0))
                .withMessage("since must not be null for RAISED");
        assertThatNullPointerException().isThrownBy(() -> new ThresholdState(Phase.PENDING, T0, null))
                .withMessage("lastEventTime must not be null for PENDING");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ThresholdState(Phase.PENDING, T0, T0.minusSeconds(1)))
                .withMessage("lastEventTime must not be before since");
    }
}
