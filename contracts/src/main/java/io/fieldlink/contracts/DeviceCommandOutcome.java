package io.fieldlink.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * What a device says about a command it got: it has it ({@code delivered}), it did it ({@code executed}), or it
 * could not ({@code failed}). Serialised in lower case.
 */
public enum DeviceCommandOutcome {
    DELIVERED, EXECUTED, FAILED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static DeviceCommandOutcome fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
