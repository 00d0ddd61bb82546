package io.fieldlink.ingest.telemetry;

import io.fieldlink.contracts.TelemetryReceived;

/** Stores an accepted reading durably before the request is answered. */
public interface TelemetryPublisher {

    /**
     * Returns once the broker acknowledged the record.
     *
     * @throws io.fieldlink.support.problem.ApiProblemException 503 {@code ingest-unavailable} with
     *         {@code Retry-After} when it was not acknowledged in time
     */
    void publish(TelemetryReceived event, String correlationId);
}
