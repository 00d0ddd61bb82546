package io.fieldlink.contracts;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A command some service wants delivered to a device, published on {@link Topics#COMMANDS} keyed by
 * {@code deviceId}; command-service delivers it.
 *
 * @param commandId   unique and deterministic id: a device (and command-service) drops a repeat
 * @param tenantId    operator id owning the device
 * @param deviceId    the target device
 * @param name        command name, e.g. {@code sprinkler}
 * @param parameters  command parameters as strings, e.g. {@code {"state": "on"}}
 * @param requestedAt when it was requested
 * @param timeToLive  how long it may wait for an offline device before it expires; null means the deliverer's default
 * @param origin      who asked: {@code rule:<ruleId>:<alertId>:<raised|cleared>} for rule actions
 */
public record DeviceCommandRequested(
        String commandId,
        String tenantId,
        String deviceId,
        String name,
        Map<String, String> parameters,
        Instant requestedAt,
        Duration timeToLive,
        String origin) {

    public DeviceCommandRequested {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(requestedAt, "requestedAt");
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
    }
}
