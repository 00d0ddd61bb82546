package io.fieldlink.command.lifecycle;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(6, Duration.ofSeconds(5), 3.0, Duration.ofMinutes(1));

    @Test
    void waitsGrowByTheMultiplierUpToTheMaximum() {
        assertThat(policy.backoffAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.backoffAfter(2)).isEqualTo(Duration.ofSeconds(15));
        assertThat(policy.backoffAfter(3)).isEqualTo(Duration.ofSeconds(45));
        assertThat(policy.backoffAfter(4)).isEqualTo(Duration.ofMinutes(1));
        assertThat(policy.backoffAfter(10_000)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void fractionalMultipliersKeepMilliseconds() {
        RetryPolicy gentle = new RetryPolicy(3, Duration.ofMillis(1_000), 1.5, Duration.ofSeconds(10));

        assertThat(gentle.backoffAfter(2)).isEqualTo(Duration.ofMillis(1_500));
        assertThat(gentle.backoffAfter(3)).isEqualTo(Duration.ofMillis(2_250));
    }

    @Test
    void anotherAttemptOnlyBelowTheMaximum() {
        assertThat(policy.allowsAnotherAfter(5)).isTrue();
        assertThat(policy.allowsAnotherAfter(6)).isFalse();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), 2, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(1), 0.5, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ZERO, 2, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(5), 2, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.backoffAfter(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LifecycleSettings(Duration.ZERO, Duration.ofSeconds(1), policy, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LifecycleSettings(Duration.ofHours(1), Duration.ofSeconds(1), policy, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
