package io.fieldlink.dashboard.live;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.Topics;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Turns a record of one of the three live topics into a {@link LiveEvent}. */
final class LiveEvents {

    static final List<String> TOPICS = List.of(Topics.TELEMETRY.name(), Topics.ALERTS.name(),
            Topics.COMMAND_STATUS.name());

    private LiveEvents() {
    }

    /**
     * The event, or empty for a value that is missing or not a valid contract record (the projectors
     * dead-letter those; a live view just skips them).
     */
    static Optional<LiveEvent> from(String topic, byte[] value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            if (Topics.TELEMETRY.name().equals(topic)) {
                TelemetryReceived reading = ContractJson.read(value, TelemetryReceived.class);
                return Optional.of(new LiveEvent(EventType.READING, reading.tenantId(), reading.deviceId(),
                        json(reading)));
            }
            if (Topics.ALERTS.name().equals(topic)) {
                AlertEvent alert = ContractJson.read(value, AlertEvent.class);
                return Optional.of(new LiveEvent(EventType.ALERT, alert.tenantId(), alert.deviceId(), json(alert)));
            }
            if (Topics.COMMAND_STATUS.name().equals(topic)) {
                CommandStatusChanged command = ContractJson.read(value, CommandStatusChanged.class);
                return Optional.of(new LiveEvent(EventType.COMMAND, command.tenantId(), command.deviceId(),
                        json(command)));
            }
            return Optional.empty();
        } catch (RuntimeException invalid) {
            return Optional.empty();
        }
    }

    /** Written again from the record, not passed through: the stream carries exactly the contract's fields. */
    private static String json(Object record) {
        return new String(ContractJson.write(record), StandardCharsets.UTF_8);
    }
}
