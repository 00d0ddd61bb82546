package io.fieldlink.command.lwm2m;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The firmware (or model) updates in progress over LwM2M object 5, one per device, driven by the device's State
 * ({@code /5/0/3}) and Update Result ({@code /5/0/5}) notifications. After the package URI is written the device
 * downloads: State 2 (Downloaded, hash verified) -> execute Update; Update Result 1 after that -> executed; an Update
 * Result of 2 or more at any point -> failed with its meaning. Only a result seen after Update was executed counts as
 * success: a notification of an earlier update's result cannot finish this one. Plain Java; thread-safe.
 */
final class FirmwareUpdates {

    /** What the tracker asks for; called on the notifying thread, must not block. */
    interface Actions {

        void executeUpdate(String deviceId, String commandId);

        void succeeded(String commandId, Map<String, String> result);

        void failed(String commandId, String reason);
    }

    static final int STATE_IDLE = 0;
    static final int STATE_DOWNLOADED = 2;
    static final int RESULT_SUCCESS = 1;

    private enum Phase { DOWNLOADING, UPDATING }

    private record Pending(String commandId, Map<String, String> result, Phase phase) {
    }

    private final Map<String, Pending> byDevice = new ConcurrentHashMap<>();
    private final Actions actions;

    FirmwareUpdates(Actions actions) {
        this.actions = actions;
    }

    /** The device accepted the package URI of {@code commandId}; it is downloading now. */
    void started(String deviceId, String commandId, Map<String, String> result) {
        byDevice.put(deviceId, new Pending(commandId, result, Phase.DOWNLOADING));
    }

    /** Whether an update of the device is in progress. */
    boolean inProgress(String deviceId) {
        return byDevice.containsKey(deviceId);
    }

    /** A State notification of the device. */
    void state(String deviceId, long state) {
        Pending pending = byDevice.get(deviceId);
        if (pending == null || pending.phase() != Phase.DOWNLOADING || state != STATE_DOWNLOADED) {
            return;
        }
        if (byDevice.replace(deviceId, pending, new Pending(pending.commandId(), pending.result(), Phase.UPDATING))) {
            actions.executeUpdate(deviceId, pending.commandId());
        }
    }

    /** An Update Result notification of the device. */
    void result(String deviceId, long result) {
        Pending pending = byDevice.get(deviceId);
        if (pending == null) {
            return;
        }
        if (result == RESULT_SUCCESS) {
            if (pending.phase() == Phase.UPDATING && byDevice.remove(deviceId, pending)) {
                actions.succeeded(pending.commandId(), pending.result());
            }
        } else if (result >= 2 && byDevice.remove(deviceId, pending)) {
            actions.failed(pending.commandId(), "device: update result " + result + " (" + meaning(result) + ")");
        }
    }

    /** The Update request could not be executed: the update fails. */
    void updateRefused(String deviceId, String commandId, String reason) {
        Pending pending = byDevice.get(deviceId);
        if (pending != null && pending.commandId().equals(commandId) && byDevice.remove(deviceId, pending)) {
            actions.failed(commandId, reason);
        }
    }

    /** The write of {@code commandId}'s package URI was refused or not answered: stop tracking it. */
    void forget(String deviceId, String commandId) {
        byDevice.computeIfPresent(deviceId, (id, pending) -> pending.commandId().equals(commandId) ? null : pending);
    }

    /** The Update Result codes of object 5 (LwM2M 1.1, E.6). */
    static String meaning(long result) {
        return switch ((int) result) {
            case 0 -> "initial value";
            case 1 -> "updated successfully";
            case 2 -> "not enough flash memory";
            case 3 -> "out of RAM during download";
            case 4 -> "connection lost during download";
            case 5 -> "integrity check failure";
            case 6 -> "unsupported package type";
            case 7 -> "invalid URI";
            case 8 -> "firmware update failed";
            case 9 -> "unsupported protocol";
            default -> "unknown result";
        };
    }
}
