package io.fieldlink.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * One device of a rollout, inside {@link RolloutChanged}.
 *
 * @param deviceId      the device
 * @param batch         its batch, from 1
 * @param status        where it is
 * @param commandId     its {@code firmware.update} command, once started; may be null
 * @param commandStatus the latest status of that command seen by the rollout; may be null
 * @param detail        why it failed or was skipped, the command's detail; may be null
 * @param updatedAt     when this device's entry last changed
 */
public record RolloutTarget(
        String deviceId,
        int batch,
        RolloutTargetStatus status,
        String commandId,
        CommandStatus commandStatus,
        String detail,
        Instant updatedAt) {

    public RolloutTarget {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(status, "status");
    }
}
