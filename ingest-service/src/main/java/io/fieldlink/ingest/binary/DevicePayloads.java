package io.fieldlink.ingest.binary;

import io.fieldlink.ingest.telemetry.RequestBodies;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * A device's payload as raw bytes, from any entry point: JSON first, then binary. Bytes whose first
 * non-blank byte is <code>{</code> and that parse as one JSON object are a JSON reading; anything
 * else is decoded with the device's binary format when one applies. (A binary packet that happens
 * to be a complete JSON object is read as JSON; a format starting with a fixed version byte other
 * than <code>0x7B</code> can never be mistaken.)
 */
public final class DevicePayloads {

    /** Stable reasons, used in metrics, dead-letter headers and TCP answers. */
    public static final String MALFORMED = "malformed";
    public static final String UNSUPPORTED_PAYLOAD = "unsupported-payload";
    public static final String UNDECODABLE = "undecodable";

    /** Why a payload could not be read; {@link #reason()} is a stable slug, the message a safe detail. */
    public static final class PayloadException extends RuntimeException {

        private final String reason;

        PayloadException(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /**
     * @param raw     the payload as received
     * @param payload the JSON object (from JSON, or decoded from binary)
     * @param format  the binary format it was decoded with, null for JSON
     */
    public record Decoded(byte[] raw, JsonNode payload, BinaryFormat format) {

        public boolean binary() {
            return format != null;
        }
    }

    private DevicePayloads() {
    }

    /**
     * @throws PayloadException {@link #MALFORMED} (looks like JSON but is not one object, and no
     *                          format applies), {@link #UNSUPPORTED_PAYLOAD} (binary without a format) or
     *                          {@link #UNDECODABLE} (binary that does not fit its format)
     */
    public static Decoded decode(byte[] raw, Optional<BinaryFormat> format) {
        String jsonProblem = null;
        if (looksLikeJson(raw)) {
            try {
                JsonNode node = RequestBodies.deviceJson().readTree(raw);
                if (node != null && node.isObject()) {
                    return new Decoded(raw, node, null);
                }
                jsonProblem = "the payload is JSON but not one JSON object";
            } catch (JacksonException e) {
                jsonProblem = "the payload is not valid JSON";
            }
        }
        if (format.isPresent()) {
            try {
                return new Decoded(raw, format.get().decode(raw), format.get());
            } catch (BinaryDecodingException e) {
                throw new PayloadException(UNDECODABLE, e.getMessage());
            }
        }
        if (jsonProblem != null) {
            throw new PayloadException(MALFORMED, jsonProblem + " (and no binary format applies)");
        }
        throw new PayloadException(UNSUPPORTED_PAYLOAD, "the payload is not a JSON object and no binary format applies");
    }

    static boolean looksLikeJson(byte[] raw) {
        for (byte b : raw) {
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                continue;
            }
            return b == '{';
        }
        return false;
    }
}
