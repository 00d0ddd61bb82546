package io.fieldlink.contracts;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One transition of a device command, published on {@link Topics#COMMAND_STATUS} keyed by {@code deviceId}. The
 * topic is command-service's journal: replaying it rebuilds every command's state, so each record carries the
 * whole command, not only what changed.
 *
 * @param commandId   the command's id (from {@link DeviceCommandRequested#commandId()} or the REST request)
 * @param tenantId    operator id owning the device
 * @param deviceId    the target device
 * @param name        command name, e.g. {@code sprinkler}
 * @param parameters  command parameters as strings
 * @param transport   how it is (to be) sent: {@code auto}, {@code mqtt}, {@code lwm2m}
 * @param status      the command's status after this transition
 * @param attempt     how many times it has been sent so far (0 while never sent)
 * @param sequence    1 for the first (queued) record of a command, +1 for each later one: a reader drops a record
 *                    whose sequence it has already seen
 * @param detail      why (a failure or expiry reason, the next retry), or the device's result text; may be null
 * @param result      what the device answered with, for executed (and failed, when the device said why); may be null
 * @param requestedAt when the command was requested
 * @param expiresAt   when it expires if not executed by then (requestedAt + time to live)
 * @param occurredAt  when this transition happened
 * @param origin      who asked: {@code rule:<ruleId>:<alertId>:<raised|cleared>}, {@code api:<keyId>}; may be null
 */
public record CommandStatusChanged(
        String commandId,
        String tenantId,
        String deviceId,
        String name,
        Map<String, String> parameters,
        CommandTransport transport,
        CommandStatus status,
        int attempt,
        long sequence,
        String detail,
        Map<String, String> result,
        Instant requestedAt,
        Instant expiresAt,
        Instant occurredAt,
        String origin) {

    public CommandStatusChanged {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(occurredAt, "occurredAt");
        transport = transport == null ? CommandTransport.AUTO : transport;
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(parameters));
        result = result == null ? null : Collections.unmodifiableMap(new TreeMap<>(result));
    }
}
