package io.fieldlink.rules.notify;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs webhook requests: {@code Fieldlink-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>} with
 * {@code Fieldlink-Timestamp} in unix seconds, so a receiver can check that the body came from us, unchanged, and
 * recently (it rejects old timestamps against replays). {@code Fieldlink-Event-Id} lets it drop repeats: a retried
 * request carries the same id (and a fresh timestamp and signature).
 */
final class WebhookSigner {

    static final String TIMESTAMP = "Fieldlink-Timestamp";
    static final String SIGNATURE = "Fieldlink-Signature";
    static final String EVENT_ID = "Fieldlink-Event-Id";
    static final String EVENT_TYPE = "Fieldlink-Event-Type";

    /** Version prefix of the signature scheme, so it can change without breaking receivers. */
    static final String VERSION = "v1=";

    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSigner() {
    }

    /** The headers of one request, in the order they are sent. */
    static Map<String, String> headers(String secret, String eventId, String eventType, byte[] body, Instant now) {
        String timestamp = Long.toString(now.getEpochSecond());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(TIMESTAMP, timestamp);
        headers.put(SIGNATURE, VERSION + signature(secret, timestamp, body));
        headers.put(EVENT_ID, eventId);
        headers.put(EVENT_TYPE, eventType);
        return headers;
    }

    /** Lower-case hex HMAC-SHA256 of {@code timestamp + "." + body} with the secret's UTF-8 bytes as the key. */
    static String signature(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Whether {@code signatureHeader} is the valid {@code v1=} signature of this timestamp and body. Compares in
     * constant time, so the time taken does not tell an attacker how many leading characters were right.
     */
    static boolean verify(String secret, String timestamp, byte[] body, String signatureHeader) {
        if (secret == null || timestamp == null || body == null || signatureHeader == null) {
            return false;
        }
        byte[] expected = (VERSION + signature(secret, timestamp, body)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signatureHeader.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
