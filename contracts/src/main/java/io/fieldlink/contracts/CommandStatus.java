package io.fieldlink.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Where a device command is in its life: queued -> sent -> delivered -> executed, or failed / expired on the way.
 * A retried command goes back from sent to queued. Serialised in lower case ({@code delivered}).
 */
public enum CommandStatus {
    QUEUED, SENT, DELIVERED, EXECUTED, FAILED, EXPIRED;

    /** Executed, failed and expired are final: nothing happens to the command afterwards. */
    public boolean isTerminal() {
        return this == EXECUTED || this == FAILED || this == EXPIRED;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static CommandStatus fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
