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

    /**
     * Written by dashboard-api's projector. Key: device id (the original key). Value: the original
     * record's bytes, unchanged; reason in header {@link RecordHeaders#DLQ_REASON}.
     */
    public static final Topic<String, byte[]> TELEMETRY_DLQ =
            new Topic<>("iot.telemetry.dlq.v1", String.class, byte[].class);

    public static final List<Topic<?, ?>> ALL = List.of(TELEMETRY, TELEMETRY_DLQ);

    private Topics() {
    }
}
