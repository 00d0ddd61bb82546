package io.fieldlink.simulator;

import java.time.Instant;

/**
 * A simulated sprinkler obeyed a command: the visible effect of a {@code sprinkler} command on the farm.
 *
 * @param deviceId  the field device (its IMSI)
 * @param on        the sprinkler's state after the command
 * @param changed   false when it already was in that state
 * @param commandId the command that switched it
 * @param at        when
 */
public record SprinklerSwitched(String deviceId, boolean on, boolean changed, String commandId, Instant at) {

    /** {@code sprinkler of 295000000000001 ON (command c-7f3a)}, for a console or log. */
    public String summary() {
        return "sprinkler of " + deviceId + " " + (on ? "ON" : "OFF") + (changed ? "" : " (already)")
                + " (command " + commandId + ")";
    }
}
