package io.fieldlink.ingest.mqtt;

/**
 * A payload that cannot be turned into a reading, whatever the retries: the message goes to the
 * dead-letter topic with {@link #getMessage()} as the reason (so the reason must not contain secrets;
 * the payload itself is kept in the dead-letter record's value).
 */
public class UndecodablePayloadException extends RuntimeException {

    public UndecodablePayloadException(String reason) {
        super(reason);
    }

    public UndecodablePayloadException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
