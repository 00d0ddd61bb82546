package io.fieldlink.ingest.mqtt;

import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an MQTT payload that is not a JSON object (its first significant byte is not <code>{</code>)
 * into the device's reading. This is the seam for binary device formats: the default,
 * {@link #rejectingBinary()}, knows none and refuses every such payload, which then goes to the
 * dead-letter topic with the reason {@value #NO_DECODING_FORMAT}. A bean of this type replaces the
 * default (e.g. one that looks up the device's group and hands the bytes to the binary decoder).
 *
 * <p>JSON object payloads never reach the decoder: they are parsed and normalised like HTTP bodies.
 * The message id is always derived from the payload bytes as received, whatever the decoder makes of them.
 */
@FunctionalInterface
public interface MqttPayloadDecoder {

    /** Dead-letter reason for a non-JSON payload no decoder could read. */
    String NO_DECODING_FORMAT = "binary payload without a decoding format";

    /**
     * @param device  tenant and device the topic names
     * @param topic   the message's topic
     * @param payload the bytes as received (not empty)
     * @return the reading, as the device's JSON object would have been (numbers become measurements,
     *         the configured timestamp field the event time)
     * @throws UndecodablePayloadException when the bytes cannot be read; the message is dead-lettered
     *         with the exception's reason, never redelivered
     */
    ObjectNode decode(MqttTopicScheme.Device device, String topic, byte[] payload) throws UndecodablePayloadException;

    /** The default: no binary format is known, every non-JSON payload is refused. */
    static MqttPayloadDecoder rejectingBinary() {
        return (device, topic, payload) -> {
            throw new UndecodablePayloadException(NO_DECODING_FORMAT);
        };
    }
}
