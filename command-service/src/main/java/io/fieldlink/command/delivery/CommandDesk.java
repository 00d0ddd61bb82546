package io.fieldlink.command.delivery;

import io.fieldlink.command.lifecycle.Acceptance;
import io.fieldlink.command.lifecycle.CommandBook;
import io.fieldlink.command.lifecycle.CommandConflictException;
import io.fieldlink.command.registry.DeviceRegistry;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.DeviceCommandRequested;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What the commands API does, tenant-scoped: a command may target only a device of the caller's registry, and
 * another tenant's command is as absent as an unknown one.
 */
final class CommandDesk {

    private final CommandBook book;
    private final DeviceDirectory directory;
    private final BooleanSupplier loaded;
    private final BooleanSupplier journalCaughtUp;
    private final CommandMetrics metrics;
    private final Clock clock;

    /**
     * @param loaded          the journal has been replayed
     * @param journalCaughtUp writes what the journal owes and says whether nothing is left
     */
    CommandDesk(CommandBook book, DeviceDirectory directory, BooleanSupplier loaded, BooleanSupplier journalCaughtUp,
                CommandMetrics metrics, Clock clock) {
        this.book = book;
        this.directory = directory;
        this.loaded = loaded;
        this.journalCaughtUp = journalCaughtUp;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Accepts a command for the caller's device. With an idempotency key the id is derived from it, so a repeated
     * POST returns the first command; the same key for another command is a 409.
     */
    Acceptance post(String tenantId, String keyId, String deviceId, CommandRequestRules.Checked request,
                    String idempotencyKey) {
        requireDevice(tenantId, deviceId);
        if (!journalCaughtUp.getAsBoolean()) {
            throw CommandProblems.journalUnavailable();
        }
        String commandId = idempotencyKey == null ? CommandIds.random()
                : CommandIds.fromIdempotencyKey(tenantId, deviceId, idempotencyKey);
        DeviceCommandRequested requested = new DeviceCommandRequested(commandId, tenantId, deviceId, request.name(),
                request.parameters(), clock.instant(), request.timeToLive(), "api:" + keyId);
        Acceptance acceptance;
        try {
            acceptance = book.accept(requested, request.transport());
        } catch (CommandConflictException e) {
            throw CommandProblems.idempotencyKeyReused(idempotencyKey);
        }
        if (acceptance.created()) {
            metrics.accepted(true);
        }
        if (!journalCaughtUp.getAsBoolean()) {
            // the command exists and will be delivered, but its record is not stored: the client retries with
            // the same Idempotency-Key and gets this command once Kafka has it
            throw CommandProblems.journalUnavailable();
        }
        return acceptance;
    }

    CommandStatusChanged find(String tenantId, String commandId) {
        requireLoaded();
        return book.find(tenantId, commandId).orElseThrow(() -> CommandProblems.commandNotFound(commandId));
    }

    List<CommandStatusChanged> commandsOf(String tenantId, String deviceId, int limit) {
        requireDevice(tenantId, deviceId);
        return book.commandsOf(tenantId, deviceId, limit);
    }

    private void requireDevice(String tenantId, String deviceId) {
        requireLoaded();
        Optional<String> owner = directory.tenantOf(deviceId);
        if (owner.isEmpty() || !owner.get().equals(tenantId)) {
            throw DeviceRegistry.deviceNotFound(deviceId);
        }
    }

    private void requireLoaded() {
        if (!loaded.getAsBoolean()) {
            throw CommandProblems.loading();
        }
    }
}
