package io.fieldlink.ingest.telemetry;

/** Body of a 202: the reading's deterministic id. */
public record IngestAccepted(String messageId) {
}
