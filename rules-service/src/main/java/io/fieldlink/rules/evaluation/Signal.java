package io.fieldlink.rules.evaluation;

import io.fieldlink.contracts.AlertTrigger;

/**
 * The rule raised or cleared on a device.
 *
 * @param kind    RAISED or CLEARED
 * @param trigger what caused it (value, condition text, window, triggering reading)
 */
public record Signal(Kind kind, AlertTrigger trigger) {

    public enum Kind { RAISED, CLEARED }
}
