package io.fieldlink.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Where a rollout is: {@code running} (a batch is in flight or the next one is about to start), {@code completed}
 * (every device finished below the failure threshold), {@code halted} (the failure threshold was reached: no further
 * batch starts). Serialised in lower case.
 */
public enum RolloutStatus {
    RUNNING, COMPLETED, HALTED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RolloutStatus fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
