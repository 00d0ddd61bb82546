package io.fieldlink.rules.evaluation;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A threshold rule over one measurement (internal model, not a wire type).
 *
 * @param measurement the measurement name the rule watches, e.g. {@code "temperature"}
 * @param raise       the condition that raises
 * @param clear       the condition that clears a raised rule (hysteresis); when empty, the rule clears as soon as
 *                    {@code raise} no longer holds
 * @param forDuration how long, in event time, {@code raise} must hold continuously before raising; zero raises on
 *                    the first reading that meets it
 */
public record ThresholdRule(String measurement, Condition raise, Optional<Condition> clear, Duration forDuration) {

    public ThresholdRule {
        if (measurement == null || measurement.isBlank()) {
            throw new IllegalArgumentException("measurement must not be blank");
        }
        Objects.requireNonNull(raise, "raise must not be null");
        Objects.requireNonNull(clear, "clear must not be null (use Optional.empty())");
        Objects.requireNonNull(forDuration, "forDuration must not be null");
        if (forDuration.isNegative()) {
            throw new IllegalArgumentException("forDuration must not be negative, was " + forDuration);
        }
    }

    /** A rule that raises immediately and clears as soon as {@code raise} no longer holds. */
    public static ThresholdRule of(String measurement, Condition raise) {
        return new ThresholdRule(measurement, raise, Optional.empty(), Duration.ZERO);
    }

    /** Whether {@code value} clears a raised rule. */
    boolean clears(double value) {
        return clear.map(condition -> condition.test(value)).orElseGet(() -> !raise.test(value));
    }
}
