package io.fieldlink.command.lifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how fast a command is sent again after an attempt that got no delivery ack or a transient
 * transport failure.
 *
 * @param maxAttempts    sends in all, the first one included; after the last one fails the command is failed
 * @param initialBackoff wait before the second attempt
 * @param multiplier     growth of the wait per attempt
 * @param maxBackoff     longest wait
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(5), 2.0, Duration.ofMinutes(2));

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be at least 1");
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initialBackoff must be positive");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must not be below initialBackoff");
        }
    }

    /** Whether a command whose attempt number {@code attempt} failed may be sent again. */
    public boolean allowsAnotherAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /** The wait after failed attempt number {@code attempt} (1-based): initial * multiplier^(attempt-1), capped. */
    public Duration backoffAfter(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1");
        }
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, attempt - 1);
        // the cap also keeps a large attempt number from overflowing a long
        return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
    }
}
