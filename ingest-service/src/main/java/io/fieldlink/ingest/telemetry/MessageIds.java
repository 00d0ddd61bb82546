package io.fieldlink.ingest.telemetry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Deterministic message ids: the same device, timestamp and body always give the same id, so a
 * retried request (or a redelivered Funnel envelope) carries the id of its first attempt and
 * consumers can drop the duplicate.
 *
 * <p>{@code id = UUIDv8(first 128 bits of SHA-256(deviceId + "|" + epochMillis + "|" + hex(SHA-256(body)))} }
 * with the RFC 9562 version (8) and variant bits set; printed in the usual 8-4-4-4-12 form.
 *
 * <p>An item of a batch: {@code UUIDv8(SHA-256(deviceId + "|" + epochMillis + "|" + index + "|" + hex(SHA-256(item))))},
 * the item's 0-based index in the batch and the hash of its bytes as sent (see {@code docs/ingest.md}).
 */
public final class MessageIds {

    private MessageIds() {
    }

    public static String of(String deviceId, Instant timestamp, byte[] body) {
        return of(deviceId, timestamp.toEpochMilli(), sha256Hex(body));
    }

    public static String of(String deviceId, long timestampMillis, String bodySha256Hex) {
        return uuidV8(deviceId + "|" + timestampMillis + "|" + bodySha256Hex);
    }

    /** The id of item {@code index} (0-based) of a batch, from the hex SHA-256 of the item's bytes. */
    public static String ofBatchItem(String deviceId, long timestampMillis, int index, String itemSha256Hex) {
        return uuidV8(deviceId + "|" + timestampMillis + "|" + index + "|" + itemSha256Hex);
    }

    private static String uuidV8(String input) {
        byte[] hash = sha256(input.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x80); // version 8: custom (here: SHA-256 based)
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // variant: RFC 9562
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bits.getLong(), bits.getLong()).toString();
    }

    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256(data));
    }

    static byte[] sha256(byte[] data) {
        return sha256Digest().digest(data);
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
