package io.fieldlink.dashboard.live;

import java.util.Objects;

/**
 * One event for the streams: whose it is and its contract JSON, serialised once for every subscriber.
 *
 * @param json the contract record as one line of JSON (the SSE {@code data:} field)
 */
record LiveEvent(EventType type, String tenantId, String deviceId, String json) {

    LiveEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(json, "json");
    }
}
