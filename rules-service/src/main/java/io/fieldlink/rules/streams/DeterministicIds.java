package io.fieldlink.rules.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

/**
 * Name-based ids of alerts and rule commands, the suite's {@code UUIDv8(first 128 bits of SHA-256(input))}
 * (see docs/contracts.md). The same input always gives the same id, so a reprocessed reading (after a crash,
 * before the exactly-once commit) produces the same alert and the same command, and consumers drop the repeat.
 */
final class DeterministicIds {

    private DeterministicIds() {
    }

    /** One alert episode: the rule raised on the device by the reading with this event time. */
    static String alertId(String tenantId, String ruleId, String deviceId, Instant raisedEventTime) {
        return uuidV8("alert|" + tenantId + "|" + ruleId + "|" + deviceId + "|" + raisedEventTime.toEpochMilli());
    }

    /** The command of an alert's transition ({@code raised} or {@code cleared}). */
    static String commandId(String alertId, String transition) {
        return uuidV8("command|" + alertId + "|" + transition);
    }

    static String eventId(String alertId, long sequence) {
        return alertId + ":" + sequence;
    }

    private static String uuidV8(String input) {
        byte[] hash = sha256().digest(input.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x80); // version 8
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // RFC 9562 variant
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bits.getLong(), bits.getLong()).toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
