package io.fieldlink.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * What happened to an alert. {@code UPDATED} is an open alert that changed without a new episode:
 * a reminder interval passed ({@link AlertEvent#reason()} {@code reminder}) or its rule was edited
 * ({@code rule-updated}).
 */
public enum AlertEventType {
    RAISED, UPDATED, ACKNOWLEDGED, CLEARED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AlertEventType fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
