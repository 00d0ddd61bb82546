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

    /**
     * Written by ingest-service: input it could not turn into a reading (undecodable datagrams,
     * MQTT messages, binary payloads). Key: device id when known, else the sender's address.
     * Value: the bytes as received; reason in {@link RecordHeaders#DLQ_REASON}, protocol in
     * {@link RecordHeaders#SOURCE_PROTOCOL}.
     */
    public static final Topic<String, byte[]> INGEST_DLQ =
            new Topic<>("iot.ingest.dlq.v1", String.class, byte[].class);

    public static final List<Topic<?, ?>> ALL = List.of(TELEMETRY, TELEMETRY_DLQ, INGEST_DLQ);

    private Topics() {
    }
}
