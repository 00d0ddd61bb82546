package io.fieldlink.ingest.telemetry;

import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.support.problem.ApiProblemException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Stores an accepted reading durably before the request is answered. */
public interface TelemetryPublisher {

    /**
     * Returns once the broker acknowledged the record.
     *
     * @throws io.fieldlink.support.problem.ApiProblemException 503 {@code ingest-unavailable} with
     *         {@code Retry-After} when it was not acknowledged in time
     */
    void publish(TelemetryReceived event, String correlationId);

    /**
     * Publishes several records and returns once each was acknowledged or failed, within one publish
     * timeout for all of them: one entry per event, in order, empty when acknowledged, else the 503
     * problem of that record. Never throws for a record that failed.
     *
     * <p>This default publishes one after the other (for test doubles); the Kafka publisher sends
     * all records first and then waits for all acknowledgements.
     */
    default List<Optional<ApiProblemException>> publishAll(List<TelemetryReceived> events, String correlationId) {
        List<Optional<ApiProblemException>> results = new ArrayList<>(events.size());
        for (TelemetryReceived event : events) {
            try {
                publish(event, correlationId);
                results.add(Optional.empty());
            } catch (ApiProblemException e) {
                results.add(Optional.of(e));
            }
        }
        return results;
    }
}
