package io.fieldlink.contracts;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What command-service sends to a device, whatever the transport (the MQTT payload; the LwM2M write/execute is
 * built from it). A device keeps the ids it has executed and drops a command whose id it has seen: a resend after
 * a lost acknowledgement or a service restart carries the same id.
 *
 * @param commandId  the command's id, the same on every attempt
 * @param name       command name, e.g. {@code sprinkler}
 * @param parameters command parameters as strings, e.g. {@code {"state": "on"}}
 * @param expiresAt  after this instant the device should not execute it any more (command-service reports it expired)
 */
public record DeviceCommand(String commandId, String name, Map<String, String> parameters, Instant expiresAt) {

    public DeviceCommand {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(name, "name");
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(parameters));
    }
}
