package io.fieldlink.rules.definition;

import java.time.Duration;

/**
 * Commands sent to the alerting device when the rule raises and/or clears. {@code cooldown} is the least time
 * between the last command of this rule to the same device and an {@code onRaise} command (a flapping rule does
 * not hammer the actuator); an {@code onRaise} that falls inside the cooldown is skipped and counted. An
 * {@code onClear} is never skipped, so an actuator is not left on after its alert cleared.
 */
public record RuleActions(CommandAction onRaise, CommandAction onClear, Duration cooldown) {
}
