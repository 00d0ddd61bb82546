package io.fieldlink.command.delivery;

import io.fieldlink.contracts.CommandStatusChanged;

import java.time.Instant;
import java.util.Map;

/** A command as the API shows it: its latest transition, without the tenant and the journal's sequence. */
record CommandView(String commandId, String deviceId, String name, Map<String, String> parameters,
                   String transport, String status, int attempt, String detail, Map<String, String> result,
                   Instant requestedAt, Instant expiresAt, Instant updatedAt, String origin) {

    static CommandView of(CommandStatusChanged command) {
        return new CommandView(command.commandId(), command.deviceId(), command.name(), command.parameters(),
                command.transport().wireName(), command.status().wireName(), command.attempt(), command.detail(),
                command.result(), command.requestedAt(), command.expiresAt(), command.occurredAt(), command.origin());
    }
}
