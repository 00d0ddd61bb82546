package io.fieldlink.ingest;

/** The ingest endpoints. They authenticate themselves (Beam signature, ingest token). */
public final class IngestPaths {

    public static final String TELEMETRY = "/v1/telemetry";
    public static final String TELEMETRY_BATCH = "/v1/telemetry/batch";
    public static final String FUNNEL = "/v1/funnel";

    private IngestPaths() {
    }
}
