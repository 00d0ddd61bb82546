package io.fieldlink.contracts;

import java.util.List;

/**
 * The topic catalogue: every topic of the suite, its key and value types. One writer per topic;
 * every record is keyed by device id. Described in {@code docs/contracts.md}.
 */
public final class Topics {

    /** Written by ingest-service. Key: device id. Value: {@link TelemetryReceived} as JSON. */
    public static final Topic<String, TelemetryReceived> TELEMETRY =
            new Topic<>("iot.telemetry.v1", String.class, TelemetryReceived.class);

    public static final List<Topic<?, ?>> ALL = List.of(TELEMETRY);

    private Topics() {
    }
}
