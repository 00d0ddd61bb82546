package io.fieldlink.command.delivery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/** Ids of commands created by the API. */
final class CommandIds {

    private CommandIds() {
    }

    static String random() {
        return UUID.randomUUID().toString();
    }

    /**
     * The id of a command posted with an {@code Idempotency-Key}: the same tenant, device and key give the same id,
     * so a retried POST finds the command of the first one. A SHA-256 of the three (length-prefixed, so
     * {@code "ab"+"c"} and {@code "a"+"bc"} differ) in UUID form, version 8 (RFC 9562, custom).
     */
    static String fromIdempotencyKey(String tenantId, String deviceId, String key) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String part : new String[] {tenantId, deviceId, key}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha256.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            sha256.update(bytes);
        }
        byte[] hash = sha256.digest();
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x80);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer buffer = ByteBuffer.wrap(hash);
        return new UUID(buffer.getLong(), buffer.getLong()).toString();
    }
}
