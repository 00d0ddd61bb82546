package io.fieldlink.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How a reading reached the ingest edge. Serialised in lower case ({@code beam-http}). */
public enum SourceProtocol {
    BEAM_HTTP, FUNNEL, HTTP, MQTT, TCP, UDP, BEAM_TCP,
    /** An LwM2M observation, relayed by command-service's LwM2M server ({@link DeviceObservationReported}). */
    LWM2M;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static SourceProtocol fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
