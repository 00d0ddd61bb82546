package io.fieldlink.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The registry's current view of a device's tags, published on {@link Topics#DEVICES} keyed by
 * {@code deviceId} whenever they change (a compacted topic: the latest record per device is its profile).
 * rules-service uses it to match rules scoped to a tag.
 *
 * @param tenantId  operator id owning the device
 * @param deviceId  the device
 * @param tags      the device's tags
 * @param changedAt when the profile changed
 */
public record DeviceProfileChanged(String tenantId, String deviceId, Set<String> tags, Instant changedAt) {

    public DeviceProfileChanged {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(deviceId, "deviceId");
        tags = tags == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(tags));
    }
}
