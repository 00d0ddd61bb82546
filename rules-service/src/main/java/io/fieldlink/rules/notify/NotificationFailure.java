package io.fieldlink.rules.notify;

/**
 * A notification that could not be delivered. {@code failure} says what went wrong in words that are safe to log
 * and to put on the dead-letter topic (never a secret, a signature or a body); {@code attempt} is the delivery
 * attempt that failed (1 for the first).
 */
abstract sealed class NotificationFailure extends RuntimeException
        permits NotificationFailure.Retryable, NotificationFailure.Permanent {

    private final String failure;
    private final int attempt;

    private NotificationFailure(String failure, int attempt, Throwable cause) {
        super(failure + " (attempt " + attempt + ")", cause, false, false);
        this.failure = failure;
        this.attempt = attempt;
    }

    String failure() {
        return failure;
    }

    int attempt() {
        return attempt;
    }

    /** The dead-letter reason: what failed, and after how many attempts. */
    String reason() {
        return failure + " after " + attempt + (attempt == 1 ? " attempt" : " attempts");
    }

    /** Might work on a later attempt (5xx, 408, 429, time-outs, connection errors, SMTP server trouble). */
    static final class Retryable extends NotificationFailure {
        Retryable(String failure, int attempt, Throwable cause) {
            super(failure, attempt, cause);
        }
    }

    /** Will fail the same way every time (refused address, 4xx, invalid event): dead-lettered at once. */
    static final class Permanent extends NotificationFailure {
        Permanent(String failure, int attempt, Throwable cause) {
            super(failure, attempt, cause);
        }
    }
}
