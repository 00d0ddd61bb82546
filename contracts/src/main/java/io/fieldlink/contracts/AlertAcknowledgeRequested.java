package io.fieldlink.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * A user asked to acknowledge an alert, published on {@link Topics#ALERT_ACKS} keyed by {@code deviceId}.
 * rules-service's Streams app applies it and publishes the resulting {@link AlertEventType#ACKNOWLEDGED}.
 *
 * @param requestId      unique id of the request
 * @param tenantId       tenant of the caller (checked against the alert's tenant before publishing)
 * @param deviceId       device of the alert
 * @param alertId        the alert
 * @param acknowledgedBy API key id (or user) acknowledging
 * @param requestedAt    when the request was accepted
 * @param note           optional free text
 */
public record AlertAcknowledgeRequested(
        String requestId,
        String tenantId,
        String deviceId,
        String alertId,
        String acknowledgedBy,
        Instant requestedAt,
        String note) {

    public AlertAcknowledgeRequested {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }
}
