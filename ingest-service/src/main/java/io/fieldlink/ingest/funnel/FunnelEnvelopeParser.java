package io.fieldlink.ingest.funnel;

import io.fieldlink.ingest.binary.BinaryFormats;
import io.fieldlink.ingest.binary.DevicePayloads;
import io.fieldlink.ingest.telemetry.MessageIds;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Base64;

/**
 * Reads SORACOM Funnel envelopes. Accepts both documented spellings ({@code operatorId} /
 * {@code operatorid}, {@code credentialsId} / {@code credentialId}; both present with different
 * values is an error) and {@code payloads} as a JSON object or as a base64 string. A base64 payload
 * is read like any device payload ({@link DevicePayloads}): a JSON object, else binary decoded with
 * the device's binary format ({@link BinaryFormats#forFunnel}: by device, by the envelope's
 * {@code credentialsId}, default). Binary without a format is refused as unsupported; anything
 * else missing or malformed (a packet too short for its format too) is refused as malformed.
 */
public final class FunnelEnvelopeParser {

    private final BinaryFormats formats;

    /** No binary formats: binary payloads are refused as unsupported. */
    public FunnelEnvelopeParser() {
        this(BinaryFormats.none());
    }

    public FunnelEnvelopeParser(BinaryFormats formats) {
        this.formats = formats;
    }

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Why an envelope was refused. The message is safe to show the client. */
    public static final class InvalidEnvelopeException extends RuntimeException {

        private final boolean unsupportedPayload;

        InvalidEnvelopeException(String message, boolean unsupportedPayload) {
            super(message);
            this.unsupportedPayload = unsupportedPayload;
        }

        public boolean unsupportedPayload() {
            return unsupportedPayload;
        }
    }

    public FunnelEnvelope parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw malformed("The request body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw malformed("The request body must be a Funnel envelope (a JSON object).");
        }
        String operatorId = either(root, "operatorId", "operatorid");
        if (operatorId == null || operatorId.isBlank()) {
            throw malformed("The envelope has no operatorId.");
        }
        String credentialsId = either(root, "credentialsId", "credentialId");
        Instant timestamp = timestamp(root.get("timestamp"));
        String imsi = text(root, "imsi");
        String imei = text(root, "imei");
        if ((imsi == null || imsi.isBlank()) && (imei == null || imei.isBlank())) {
            throw malformed("The envelope names no device (imsi or imei).");
        }
        JsonNode payloads = root.get("payloads");
        if (payloads == null || payloads.isNull()) {
            throw malformed("The envelope has no payloads.");
        }
        if (payloads.isObject()) {
            byte[] compact = JSON.writeValueAsBytes(payloads);
            return new FunnelEnvelope(operatorId, credentialsId, timestamp, imsi, imei, text(root, "sourceProtocol"),
                    payloads, MessageIds.sha256Hex(compact), false);
        }
        if (payloads.isString()) {
            byte[] decoded = base64(payloads.stringValue());
            String deviceId = imsi != null && !imsi.isBlank() ? imsi : imei;
            DevicePayloads.Decoded payload;
            try {
                payload = DevicePayloads.decode(decoded, formats.forFunnel(deviceId, credentialsId));
            } catch (DevicePayloads.PayloadException e) {
                if (DevicePayloads.UNSUPPORTED_PAYLOAD.equals(e.reason())) {
                    throw new InvalidEnvelopeException("The base64 payload is not a JSON object and no binary format "
                            + "is configured for this device.", true);
                }
                throw malformed("The base64 payload could not be read: " + e.getMessage() + ".");
            }
            return new FunnelEnvelope(operatorId, credentialsId, timestamp, imsi, imei, text(root, "sourceProtocol"),
                    payload.payload(), MessageIds.sha256Hex(decoded), true);
        }
        throw malformed("The envelope's payloads must be a JSON object or a base64 string.");
    }

    private static String either(JsonNode root, String name, String variant) {
        String a = text(root, name);
        String b = text(root, variant);
        if (a != null && b != null && !a.equals(b)) {
            throw malformed("The envelope has both " + name + " and " + variant + " with different values.");
        }
        return a != null ? a : b;
    }

    private static String text(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString() && !node.isNumber()) {
            throw malformed("The envelope's " + name + " must be a string.");
        }
        return node.asString();
    }

    /** Epoch milliseconds, as a number or a digit string. */
    private static Instant timestamp(JsonNode node) {
        if (node != null && node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
            return Instant.ofEpochMilli(node.longValue());
        }
        if (node != null && node.isString() && node.stringValue().matches("\\d{1,18}")) {
            return Instant.ofEpochMilli(Long.parseLong(node.stringValue()));
        }
        throw malformed("The envelope's timestamp must be epoch milliseconds.");
    }

    private static byte[] base64(String text) {
        String compact = text.strip();
        try {
            return Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException notStandard) {
            try {
                return Base64.getUrlDecoder().decode(compact);
            } catch (IllegalArgumentException notUrlSafe) {
                throw malformed("The envelope's payloads string is not base64.");
            }
        }
    }

    private static InvalidEnvelopeException malformed(String message) {
        return new InvalidEnvelopeException(message, false);
    }
}
