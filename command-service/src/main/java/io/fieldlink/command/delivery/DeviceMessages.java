package io.fieldlink.command.delivery;

import io.fieldlink.command.lifecycle.CommandBook;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceCommandResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/**
 * What devices publish about commands, turned into calls on the {@link CommandBook}: answers on
 * {@code devices/{id}/command-responses} and the status on {@code devices/{id}/status} (docs/commands.md, "MQTT
 * protocol"). Plain Java: the MQTT client hands it topic, payload, correlation data and the retained flag.
 *
 * <p>An answer counts only when its correlation data is the command id of its payload and the command is one of
 * the device named by the topic (a device cannot answer for another's command); anything else is ignored and
 * counted. A status of a device the registry does not know is ignored and counted too: the tenant is unknown.
 */
final class DeviceMessages {

    private static final Logger log = LoggerFactory.getLogger(DeviceMessages.class);
    static final String RESPONSES = "command-responses";
    static final String STATUS = "status";

    private final String topicPrefix;
    private final CommandBook book;
    private final DeviceDirectory directory;
    private final CommandMetrics metrics;
    private final Clock clock;

    DeviceMessages(String topicPrefix, CommandBook book, DeviceDirectory directory, CommandMetrics metrics,
                   Clock clock) {
        this.topicPrefix = topicPrefix;
        this.book = book;
        this.directory = directory;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The device of a topic {@code <prefix>/<deviceId>/<kind>}, when it has that kind; else empty. */
    Optional<String> deviceOf(String topic, String kind) {
        String[] levels = topic.split("/", -1);
        if (levels.length != 3 || !levels[0].equals(topicPrefix) || !levels[2].equals(kind) || levels[1].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(levels[1]);
    }

    /** Routes one inbound message by its topic. */
    void handle(String topic, byte[] payload, byte[] correlationData, boolean retained) {
        Optional<String> answering = deviceOf(topic, RESPONSES);
        if (answering.isPresent()) {
            response(answering.get(), payload, correlationData);
            return;
        }
        Optional<String> reporting = deviceOf(topic, STATUS);
        if (reporting.isPresent()) {
            status(reporting.get(), payload, retained);
            return;
        }
        log.debug("Ignoring a message on {}", topic);
    }

    /** An answer of {@code deviceId}; true when it matched one of its commands (whether or not it changed it). */
    boolean response(String deviceId, byte[] payload, byte[] correlationData) {
        DeviceCommandResponse response;
        try {
            response = ContractJson.read(payload, DeviceCommandResponse.class);
        } catch (RuntimeException e) {
            return unmatched(deviceId, "unreadable answer: " + e.getMessage());
        }
        String correlation = correlationData == null ? null : new String(correlationData, StandardCharsets.UTF_8);
        if (!response.commandId().equals(correlation)) {
            return unmatched(deviceId, "correlation data " + correlation + " is not command " + response.commandId());
        }
        Optional<CommandStatusChanged> command = directory.tenantOf(deviceId)
                .flatMap(tenant -> book.find(tenant, response.commandId()))
                .filter(found -> found.deviceId().equals(deviceId));
        if (command.isEmpty()) {
            return unmatched(deviceId, "no command " + response.commandId() + " of this device");
        }
        boolean changed = switch (response.outcome()) {
            case DELIVERED -> book.delivered(response.commandId());
            case EXECUTED -> book.executed(response.commandId(), response.result());
            case FAILED -> book.failed(response.commandId(),
                    response.detail() == null ? "the device reported a failure" : "device: " + response.detail(), true);
        };
        if (!changed) {
            // a repeated answer (the device repeats its last one for a resent id) or one after the command ended
            log.debug("Answer {} of device {} to command {} changed nothing", response.outcome().wireName(), deviceId,
                    response.commandId());
        }
        return true;
    }

    /** A status of {@code deviceId}: {@code online} or {@code offline}. */
    void status(String deviceId, byte[] payload, boolean retained) {
        String status = new String(payload, StandardCharsets.UTF_8).trim();
        Optional<String> tenant = directory.tenantOf(deviceId);
        if (tenant.isEmpty()) {
            metrics.statusOfUnknownDevice();
            log.debug("Ignoring the status '{}' of unknown device {}", status, deviceId);
            return;
        }
        switch (status) {
            case "online" -> {
                if (!retained) {
                    // a retained status is a device's last word, possibly old: not a contact now
                    try {
                        directory.contact(tenant.get(), deviceId, clock.instant());
                    } catch (RuntimeException e) {
                        log.warn("Could not record the contact of device {}: {}", deviceId, e.toString());
                    }
                }
                book.deviceOnline(deviceId);
            }
            case "offline" -> book.deviceOffline(deviceId);
            default -> log.debug("Ignoring the status '{}' of device {}", status, deviceId);
        }
    }

    private boolean unmatched(String deviceId, String why) {
        metrics.responseUnmatched();
        log.debug("Ignoring an answer of device {}: {}", deviceId, why);
        return false;
    }
}
