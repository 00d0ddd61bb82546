package io.fieldlink.rules.api;

import io.fieldlink.contracts.AlertAcknowledgeRequested;

/**
 * Asks the Streams app to acknowledge an alert: {@code iot.alert-acks.v1}, keyed by device id. Returns once
 * the broker acknowledged the record.
 *
 * @throws io.fieldlink.support.problem.ApiProblemException 503 {@code write-unavailable} when it was not
 *         acknowledged in time
 */
public interface AlertAckPublisher {

    void publish(AlertAcknowledgeRequested request);
}
