package io.fieldlink.command.lifecycle;

import io.fieldlink.contracts.CommandStatusChanged;

/**
 * The answer to {@link CommandBook#accept}.
 *
 * @param command the command's state after the call (its latest transition)
 * @param created false when a command with the same id existed already: nothing was queued or sent again
 */
public record Acceptance(CommandStatusChanged command, boolean created) {
}
