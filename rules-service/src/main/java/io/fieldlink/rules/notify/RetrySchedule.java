package io.fieldlink.rules.notify;

import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.backoff.BackOff;

import java.time.Duration;

/**
 * How often and how fast a channel retries one notification before it is dead-lettered.
 *
 * @param maxAttempts    attempts in all (the first one included)
 * @param initialBackoff wait before the second attempt
 * @param multiplier     growth of the wait per attempt
 * @param maxBackoff     longest wait
 * @param attemptTimeout longest one attempt can take
 */
record RetrySchedule(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
                     Duration attemptTimeout) {

    RetrySchedule {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be at least 1");
        }
    }

    /** Spring's exponential back-off, stopping after {@code maxAttempts - 1} retries. */
    BackOff backOff() {
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(maxAttempts - 1);
        backOff.setInitialInterval(initialBackoff.toMillis());
        backOff.setMultiplier(multiplier);
        backOff.setMaxInterval(maxBackoff.toMillis());
        return backOff;
    }

    /** Sum of the waits between the attempts of one record. */
    Duration totalBackoff() {
        Duration total = Duration.ZERO;
        double wait = initialBackoff.toMillis();
        for (int retry = 1; retry < maxAttempts; retry++) {
            total = total.plusMillis((long) Math.min(wait, maxBackoff.toMillis()));
            wait *= multiplier;
        }
        return total;
    }

    /**
     * Longest time the consumer can spend between two polls: in the worst case the records before a failing one
     * each take a full attempt, then the failing one runs all its attempts and waits (the error handler sleeps on
     * the consumer thread). {@code max.poll.interval.ms} must be above this, or the group throws the consumer out
     * and the record is delivered again from the start.
     */
    Duration worstCaseBetweenPolls(int maxPollRecords) {
        return attemptTimeout.multipliedBy(maxAttempts + maxPollRecords - 1L).plus(totalBackoff());
    }
}
