package io.fieldlink.ingest.binary;

/** A packet that does not fit its binary format (too short). The message is safe to show and to log. */
public final class BinaryDecodingException extends RuntimeException {

    public BinaryDecodingException(String message) {
        super(message);
    }
}
