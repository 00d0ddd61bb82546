package io.fieldlink.command.rollout;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/** Ids of rollouts and of their commands. */
final class RolloutIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RolloutIds() {
    }

    /** 12 hex digits of epoch milliseconds and 8 random ones, like artifact ids: ids sort by creation time. */
    static String newRolloutId(Instant now) {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        return String.format("%012x", now.toEpochMilli()) + HexFormat.of().formatHex(random);
    }

    /**
     * The id of a device's command in a rollout: the same for the same rollout and device, so a command launched
     * again after a restart is recognised by the book (and by the device) instead of updating twice.
     */
    static String commandId(String rolloutId, String deviceId) {
        return UUID.nameUUIDFromBytes(("rollout/" + rolloutId + "/" + deviceId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
