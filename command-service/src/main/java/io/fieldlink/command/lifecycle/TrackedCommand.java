package io.fieldlink.command.lifecycle;

import io.fieldlink.contracts.CommandStatus;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.CommandTransport;
import io.fieldlink.contracts.DeviceCommand;
import io.fieldlink.contracts.DeviceCommandRequested;

import java.time.Instant;
import java.util.Map;

/**
 * One command and where it is: the request (immutable), its status, and the two timers of the book: the delivery
 * ack deadline of the attempt in flight and the time of the next retry.
 */
final class TrackedCommand {

    private final String commandId;
    private final String tenantId;
    private final String deviceId;
    private final String name;
    private final Map<String, String> parameters;
    private final CommandTransport transport;
    private final Instant requestedAt;
    private final Instant expiresAt;
    private final String origin;

    private CommandStatus status;
    private int attempt;
    private long sequence;
    private String detail;
    private Map<String, String> result;
    private Instant changedAt;

    /** While sent: when the attempt counts as failed. Null while sent means the send must be repeated. */
    private Instant ackDeadline;
    /** While queued after a failed attempt: not before this instant. Null: as soon as the device can take it. */
    private Instant nextAttemptAt;

    private TrackedCommand(CommandStatusChanged state) {
        this.commandId = state.commandId();
        this.tenantId = state.tenantId();
        this.deviceId = state.deviceId();
        this.name = state.name();
        this.parameters = state.parameters();
        this.transport = state.transport();
        this.requestedAt = state.requestedAt();
        this.expiresAt = state.expiresAt();
        this.origin = state.origin();
        adopt(state);
    }

    static TrackedCommand queued(DeviceCommandRequested request, CommandTransport transport, Instant expiresAt,
                                 Instant now) {
        return new TrackedCommand(new CommandStatusChanged(request.commandId(), request.tenantId(),
                request.deviceId(), request.name(), request.parameters(), transport, CommandStatus.QUEUED, 0, 1, null,
                null, request.requestedAt(), expiresAt, now, request.origin()));
    }

    /** A command as the journal last saw it; any send it had in flight is presumed lost. */
    static TrackedCommand fromJournal(CommandStatusChanged state) {
        return new TrackedCommand(state);
    }

    /**
     * Takes a later journal record of this command. Records already seen (sequence not higher) and records after a
     * terminal one are ignored: the journal is read at least once.
     */
    boolean replay(CommandStatusChanged state) {
        if (state.sequence() <= sequence || status.isTerminal()) {
            return false;
        }
        adopt(state);
        return true;
    }

    private void adopt(CommandStatusChanged state) {
        this.status = state.status();
        this.attempt = state.attempt();
        this.sequence = state.sequence();
        this.detail = state.detail();
        this.result = state.result();
        this.changedAt = state.occurredAt();
        this.ackDeadline = null;
        this.nextAttemptAt = null;
    }

    /** Moves to {@code to} (a move to sent is a new attempt) and returns the transition to publish. */
    CommandStatusChanged moveTo(CommandStatus to, Instant now, String detail, Map<String, String> result) {
        CommandTransitions.check(commandId, status, to);
        if (to == CommandStatus.SENT) {
            attempt++;
        }
        this.status = to;
        this.sequence++;
        this.detail = detail;
        this.result = result;
        this.changedAt = now;
        this.ackDeadline = null;
        this.nextAttemptAt = null;
        return snapshot();
    }

    CommandStatusChanged snapshot() {
        return new CommandStatusChanged(commandId, tenantId, deviceId, name, parameters, transport, status, attempt,
                sequence, detail, result, requestedAt, expiresAt, changedAt, origin);
    }

    CommandDispatch dispatch() {
        return new CommandDispatch(tenantId, deviceId, transport, attempt,
                new DeviceCommand(commandId, name, parameters, expiresAt));
    }

    /** Same owner, device, name and parameters: a repeat of the request, not another command under the same id. */
    boolean sameRequestAs(DeviceCommandRequested request) {
        return tenantId.equals(request.tenantId()) && deviceId.equals(request.deviceId())
                && name.equals(request.name()) && parameters.equals(request.parameters());
    }

    /** Whether the head of a device queue may be sent (again) now. */
    boolean dueForSend(Instant now) {
        return switch (status) {
            case QUEUED -> nextAttemptAt == null || !nextAttemptAt.isAfter(now);
            case SENT -> ackDeadline == null;
            default -> false;
        };
    }

    boolean isExpiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }

    boolean ackOverdueAt(Instant now) {
        return status == CommandStatus.SENT && ackDeadline != null && !ackDeadline.isAfter(now);
    }

    /** Waits in the device queue: not delivered yet and not finished. */
    boolean holdsItsPlace() {
        return status == CommandStatus.QUEUED || status == CommandStatus.SENT;
    }

    void awaitAckUntil(Instant deadline) {
        this.ackDeadline = deadline;
    }

    /** The attempt in flight will not be acknowledged (the device went away): send it again when it is back. */
    void forgetAttemptInFlight() {
        if (status == CommandStatus.SENT) {
            this.ackDeadline = null;
        }
    }

    void retryAt(Instant when) {
        this.nextAttemptAt = when;
    }

    String commandId() {
        return commandId;
    }

    String tenantId() {
        return tenantId;
    }

    String deviceId() {
        return deviceId;
    }

    CommandStatus status() {
        return status;
    }

    int attempt() {
        return attempt;
    }

    Instant expiresAt() {
        return expiresAt;
    }
}
