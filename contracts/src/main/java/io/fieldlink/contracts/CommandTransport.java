package io.fieldlink.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * How command-service reaches a device with a command: {@code auto} lets it pick the way the device is
 * connected (MQTT session or LwM2M registration). Serialised in lower case ({@code lwm2m}).
 */
public enum CommandTransport {
    AUTO, MQTT, LWM2M;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static CommandTransport fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
