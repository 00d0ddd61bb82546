package io.fieldlink.rules.definition;

import java.time.Duration;

/**
 * Commands sent to the alerting device when the rule raises and/or clears. {@code cooldown} is the least time
 * between two commands of this rule to the same device (a flapping rule does not hammer the actuator); a
 * command that falls inside the cooldown is skipped and counted.
 */
public record RuleActions(CommandAction onRaise, CommandAction onClear, Duration cooldown) {
}
