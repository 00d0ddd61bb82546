package io.fieldlink.rules.alerts;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertStatus;

import java.util.List;
import java.util.Optional;

/**
 * Read side of the alerts: the latest {@link AlertEvent} of every alert, as published on {@code iot.alerts.v1}.
 * Implemented over a global store fed by that topic, so every replica can answer.
 */
public interface AlertBook {

    /** The latest event of the alert with that id (any tenant: callers check the tenant). */
    Optional<AlertEvent> find(String alertId);

    /**
     * The tenant's alerts, newest {@code raisedAt} first, optionally filtered.
     *
     * @param status   only alerts whose latest status is this; null for all
     * @param deviceId only this device's alerts; null for all
     * @param limit    at most this many
     */
    List<AlertEvent> list(String tenantId, AlertStatus status, String deviceId, int limit);
}
