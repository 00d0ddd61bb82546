package io.fieldlink.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Where one device of a rollout is: {@code pending} (its batch has not started), {@code in-progress} (its command is
 * under way), {@code succeeded} (executed), {@code failed} (the command failed or expired), {@code skipped} (the
 * rollout halted before its batch). Serialised in lower case with a hyphen.
 */
public enum RolloutTargetStatus {
    PENDING, IN_PROGRESS, SUCCEEDED, FAILED, SKIPPED;

    /** Succeeded, failed and skipped are final. */
    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == SKIPPED;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static RolloutTargetStatus fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
