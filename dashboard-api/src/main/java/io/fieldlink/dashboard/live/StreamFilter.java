package io.fieldlink.dashboard.live;

import java.util.Set;

/**
 * What one stream wants beyond its tenant (the tenant is the key its subscription is filed under).
 *
 * @param deviceIds only these devices; empty means every device of the tenant
 * @param types     only these event types (never empty)
 */
record StreamFilter(Set<String> deviceIds, Set<EventType> types) {

    StreamFilter {
        deviceIds = Set.copyOf(deviceIds);
        types = Set.copyOf(types);
        if (types.isEmpty()) {
            throw new IllegalArgumentException("types must not be empty");
        }
    }

    boolean matches(LiveEvent event) {
        return types.contains(event.type()) && (deviceIds.isEmpty() || deviceIds.contains(event.deviceId()));
    }
}
