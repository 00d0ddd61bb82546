package io.fieldlink.command.lifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of the command lifecycle; the service's configuration record builds one.
 *
 * @param defaultTimeToLive how long a command without its own time to live may wait before it expires
 * @param ackTimeout        how long a sent command may wait for its delivery ack before the attempt counts as failed
 * @param retry             resends after a failed attempt
 * @param retainedPerDevice finished commands kept per device for queries and duplicate detection; older ones are
 *                          forgotten
 */
public record LifecycleSettings(Duration defaultTimeToLive, Duration ackTimeout, RetryPolicy retry,
                                int retainedPerDevice) {

    public static final LifecycleSettings DEFAULT =
            new LifecycleSettings(Duration.ofHours(1), Duration.ofSeconds(30), RetryPolicy.DEFAULT, 100);

    public LifecycleSettings {
        Objects.requireNonNull(retry, "retry");
        requirePositive(defaultTimeToLive, "defaultTimeToLive");
        requirePositive(ackTimeout, "ackTimeout");
        if (retainedPerDevice < 1) {
            throw new IllegalArgumentException("retainedPerDevice must be at least 1");
        }
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
