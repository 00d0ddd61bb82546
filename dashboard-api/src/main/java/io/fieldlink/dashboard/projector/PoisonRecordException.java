package io.fieldlink.dashboard.projector;

/**
 * A record that can never be projected, however often it is retried (undeserialisable, invalid, or
 * rejected by the index mapping). Not retried: it goes to the dead-letter topic with its message as
 * the reason.
 */
class PoisonRecordException extends RuntimeException {

    PoisonRecordException(String reason) {
        super(reason, null, false, false);
    }
}
