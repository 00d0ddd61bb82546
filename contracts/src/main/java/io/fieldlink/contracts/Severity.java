package io.fieldlink.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How bad an alert is, most severe first. Serialised in lower case ({@code major}). */
public enum Severity {
    CRITICAL, MAJOR, MINOR, WARNING, INFO;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Severity fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
