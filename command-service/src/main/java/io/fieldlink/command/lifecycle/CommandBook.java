package io.fieldlink.command.lifecycle;

import io.fieldlink.contracts.CommandStatus;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.CommandTransport;
import io.fieldlink.contracts.DeviceCommandRequested;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static io.fieldlink.contracts.CommandStatus.DELIVERED;
import static io.fieldlink.contracts.CommandStatus.EXECUTED;
import static io.fieldlink.contracts.CommandStatus.EXPIRED;
import static io.fieldlink.contracts.CommandStatus.FAILED;
import static io.fieldlink.contracts.CommandStatus.QUEUED;
import static io.fieldlink.contracts.CommandStatus.SENT;

/**
 * Every command of the service and its lifecycle: queued -> sent -> delivered -> executed, failed or expired.
 * Each device gets its commands one at a time in request order; a send without a delivery ack in time, or a
 * transient transport failure, is retried with exponential backoff; commands for an offline device wait (without
 * using attempts) until it is back or they expire. Every transition goes to the listener as a
 * {@link CommandStatusChanged}; replaying those records ({@link #replay}) rebuilds the book after a restart.
 * <p>
 * Plain and deterministic: time comes from the clock (and the {@code now} of {@link #tick}), sends go to the
 * {@link Transport}, nothing runs on its own; the caller ticks it. All methods are synchronized: transports call
 * back from their own threads.
 */
public final class CommandBook {

    private final LifecycleSettings settings;
    private final Transport transport;
    private final Consumer<CommandStatusChanged> listener;
    private final Clock clock;

    private final Map<String, TrackedCommand> commands = new HashMap<>();
    private final Map<String, DeviceQueue> devices = new HashMap<>();
    /** Commands not finished yet, the ones {@link #tick} looks at. */
    private final Set<TrackedCommand> unfinished = new LinkedHashSet<>();

    public CommandBook(LifecycleSettings settings, Transport transport, Consumer<CommandStatusChanged> listener,
                       Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Queues a command and sends it when it is the device's next one. A request whose id is known returns the
     * existing command and changes nothing.
     *
     * @throws CommandConflictException the id is known for a different command
     */
    public synchronized Acceptance accept(DeviceCommandRequested request, CommandTransport via) {
        TrackedCommand existing = commands.get(request.commandId());
        if (existing != null) {
            if (!existing.sameRequestAs(request)) {
                throw new CommandConflictException(request.commandId());
            }
            return new Acceptance(existing.snapshot(), false);
        }
        Instant now = clock.instant();
        Duration timeToLive = request.timeToLive() == null ? settings.defaultTimeToLive() : request.timeToLive();
        TrackedCommand command = TrackedCommand.queued(request, via == null ? CommandTransport.AUTO : via,
                request.requestedAt().plus(timeToLive), now);
        register(command);
        listener.accept(command.snapshot());
        if (command.isExpiredAt(now)) {
            // e.g. read from iot.commands.v1 long after it was requested
            expire(command, now);
        } else {
            pump(queueOf(command), now);
        }
        return new Acceptance(command.snapshot(), true);
    }

    /** The device (or its transport) acknowledged receipt. False when that changes nothing (repeat, too late). */
    public synchronized boolean delivered(String commandId) {
        TrackedCommand command = answerable(commandId, DELIVERED);
        if (command == null) {
            return false;
        }
        Instant now = clock.instant();
        listener.accept(command.moveTo(DELIVERED, now, null, null));
        leaveQueue(command, now);
        return true;
    }

    /** The device executed the command. False when that changes nothing (repeat, after expiry). */
    public synchronized boolean executed(String commandId, Map<String, String> result) {
        TrackedCommand command = answerable(commandId, EXECUTED);
        if (command == null) {
            return false;
        }
        Instant now = clock.instant();
        listener.accept(command.moveTo(EXECUTED, now, null, result == null ? Map.of() : result));
        leaveQueue(command, now);
        return true;
    }

    /**
     * An attempt failed. {@code permanent}: the device refused or failed to execute it, or it cannot be sent at all:
     * failed at once. Otherwise (the transport could not reach the device) the attempt is retried while attempts are
     * left. A failure reported after delivery is always final: the device has the command.
     */
    public synchronized boolean failed(String commandId, String reason, boolean permanent) {
        TrackedCommand command = answerable(commandId, FAILED);
        if (command == null) {
            return false;
        }
        Instant now = clock.instant();
        if (permanent || command.status() == DELIVERED) {
            fail(command, reason, now);
        } else if (command.status() == SENT) {
            retryOrFail(command, reason, now);
        } else {
            // queued: a late report of an attempt that is already being retried
            return false;
        }
        pump(queueOf(command), now);
        return true;
    }

    /** The device can take commands again (MQTT reconnect, LwM2M registration or update): send what waits. */
    public synchronized void deviceOnline(String deviceId) {
        DeviceQueue queue = devices.computeIfAbsent(deviceId, id -> new DeviceQueue());
        queue.online(true);
        TrackedCommand head = queue.head();
        if (head != null && head.status() == QUEUED) {
            // a retry waiting for its backoff goes now: the device has just shown it is reachable
            head.retryAt(null);
        }
        pump(queue, clock.instant());
    }

    /** The device went away: nothing is sent to it, and an attempt in flight is sent again when it is back. */
    public synchronized void deviceOffline(String deviceId) {
        DeviceQueue queue = devices.computeIfAbsent(deviceId, id -> new DeviceQueue());
        queue.online(false);
        TrackedCommand head = queue.head();
        if (head != null) {
            head.forgetAttemptInFlight();
        }
    }

    /** Does what is due at {@code now}: expiries, attempts without an ack in time, retries, resends after replay. */
    public synchronized void tick(Instant now) {
        for (TrackedCommand command : List.copyOf(unfinished)) {
            if (command.status().isTerminal()) {
                continue;
            }
            if (command.isExpiredAt(now)) {
                expire(command, now);
            } else if (command.ackOverdueAt(now)) {
                retryOrFail(command, "no delivery ack within " + settings.ackTimeout(), now);
            }
        }
        // a copy: a transport may report another device online from inside a send
        for (DeviceQueue queue : List.copyOf(devices.values())) {
            if (queue.hasPending()) {
                pump(queue, now);
            }
        }
    }

    /**
     * Takes one record of the journal ({@code iot.command-status.v1}) while rebuilding the book after a restart;
     * repeats and stale records are ignored. Nothing is sent or published: the next {@link #tick} resends what was
     * sent without an ack (same id, next attempt) and sends what waits. Finished commands are never sent again.
     */
    public synchronized void replay(CommandStatusChanged record) {
        TrackedCommand command = commands.get(record.commandId());
        if (command == null) {
            command = TrackedCommand.fromJournal(record);
            register(command);
        } else if (!command.replay(record)) {
            return;
        }
        if (!command.holdsItsPlace()) {
            queueOf(command).leave(command);
        }
        if (command.status().isTerminal()) {
            finish(command);
        }
    }

    /** A command of the tenant, by id. */
    public synchronized Optional<CommandStatusChanged> find(String tenantId, String commandId) {
        TrackedCommand command = commands.get(commandId);
        return command == null || !command.tenantId().equals(tenantId)
                ? Optional.empty() : Optional.of(command.snapshot());
    }

    /** The tenant's retained commands for a device, newest first, at most {@code limit}. */
    public synchronized List<CommandStatusChanged> commandsOf(String tenantId, String deviceId, int limit) {
        DeviceQueue queue = devices.get(deviceId);
        List<CommandStatusChanged> found = new ArrayList<>();
        if (queue == null) {
            return found;
        }
        for (Iterator<TrackedCommand> newest = queue.newestFirst(); newest.hasNext() && found.size() < limit; ) {
            TrackedCommand command = newest.next();
            if (command.tenantId().equals(tenantId)) {
                found.add(command.snapshot());
            }
        }
        return found;
    }

    private void register(TrackedCommand command) {
        commands.put(command.commandId(), command);
        queueOf(command).add(command);
        if (!command.status().isTerminal()) {
            unfinished.add(command);
        }
    }

    private DeviceQueue queueOf(TrackedCommand command) {
        return devices.computeIfAbsent(command.deviceId(), id -> new DeviceQueue());
    }

    /** The command, when it may take an answer from the device that moves it to {@code to}; else null. */
    private TrackedCommand answerable(String commandId, CommandStatus to) {
        TrackedCommand command = commands.get(commandId);
        if (command == null || command.attempt() == 0 || !CommandTransitions.isLegal(command.status(), to)) {
            // unknown, never sent (an answer cannot be for it), or already past that point
            return null;
        }
        return command;
    }

    /**
     * Sends the device's next commands while it is online: the head when due; when the head is done at once
     * (expired, failed by the transport, answered within the send) the one behind it.
     */
    private void pump(DeviceQueue queue, Instant now) {
        while (queue.online()) {
            TrackedCommand head = queue.head();
            if (head == null) {
                return;
            }
            if (head.isExpiredAt(now)) {
                expire(head, now);
                continue;
            }
            if (!head.dueForSend(now)) {
                return;
            }
            send(head, now);
            if (queue.head() == head) {
                // in flight, or waiting for its retry: the ones behind it wait
                return;
            }
        }
    }

    private void send(TrackedCommand command, Instant now) {
        listener.accept(command.moveTo(SENT, now, null, null));
        command.awaitAckUntil(now.plus(settings.ackTimeout()));
        int attempt = command.attempt();
        try {
            transport.send(command.dispatch());
        } catch (RuntimeException e) {
            if (command.status() == SENT && command.attempt() == attempt) {
                retryOrFail(command, "transport failed: " + e.getMessage(), now);
            }
        }
    }

    private void retryOrFail(TrackedCommand command, String reason, Instant now) {
        int attempt = command.attempt();
        if (!settings.retry().allowsAnotherAfter(attempt)) {
            fail(command, reason + " (attempt " + attempt + " of " + settings.retry().maxAttempts() + ")", now);
            return;
        }
        Instant next = now.plus(settings.retry().backoffAfter(attempt));
        listener.accept(command.moveTo(QUEUED, now, "attempt " + attempt + " failed: " + reason + "; next at " + next,
                null));
        command.retryAt(next);
    }

    private void fail(TrackedCommand command, String reason, Instant now) {
        listener.accept(command.moveTo(FAILED, now, reason, null));
        leaveQueue(command, now);
    }

    private void expire(TrackedCommand command, Instant now) {
        String detail = switch (command.status()) {
            case QUEUED -> command.attempt() == 0 ? "expired before it could be sent"
                    : "expired waiting to be sent again after " + command.attempt() + " attempts";
            case SENT -> "expired waiting for the delivery ack";
            default -> "expired waiting for the device's result";
        };
        listener.accept(command.moveTo(EXPIRED, now, detail, null));
        DeviceQueue queue = queueOf(command);
        queue.leave(command);
        finish(command);
    }

    /** Delivered or finished: the device's next command may go. */
    private void leaveQueue(TrackedCommand command, Instant now) {
        DeviceQueue queue = queueOf(command);
        queue.leave(command);
        if (command.status().isTerminal()) {
            finish(command);
        }
        pump(queue, now);
    }

    private void finish(TrackedCommand command) {
        unfinished.remove(command);
        for (TrackedCommand forgotten : queueOf(command).prune(settings.retainedPerDevice())) {
            commands.remove(forgotten.commandId());
        }
    }
}
