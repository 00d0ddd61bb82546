package io.fieldlink.contracts;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A device's answer to a {@link DeviceCommand} over MQTT: published with QoS 1 on the command's MQTT 5 response
 * topic, with the command's correlation data (docs/commands.md, "MQTT protocol"). A device answers
 * {@code delivered} when it receives the command and {@code executed} or {@code failed} when it is done; for a
 * command id it has already seen it repeats its last answer and does not act again.
 *
 * @param commandId  the command's id
 * @param outcome    delivered, executed or failed
 * @param result     what the device reports, e.g. {@code {"state": "on"}}; empty when none
 * @param detail     why it failed, or a note; null when none
 * @param occurredAt the device's time of the outcome; null when the device has no clock
 */
public record DeviceCommandResponse(String commandId, DeviceCommandOutcome outcome, Map<String, String> result,
                                    String detail, Instant occurredAt) {

    public DeviceCommandResponse {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(outcome, "outcome");
        result = result == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(result));
    }
}
