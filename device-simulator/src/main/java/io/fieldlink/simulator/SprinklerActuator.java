package io.fieldlink.simulator;

import io.fieldlink.contracts.DeviceCommand;
import io.fieldlink.contracts.DeviceCommandOutcome;
import io.fieldlink.contracts.DeviceCommandResponse;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The sprinkler of one simulated field device and its command handling, without any transport: a
 * {@link DeviceCommand} named {@value #COMMAND} with parameter {@code state} = {@code on}|{@code off} is answered
 * {@code delivered} at once, switches the sprinkler, then is answered {@code executed} with result
 * {@code {"state": "on"}}. A command whose {@code expiresAt} has passed, or any other name or parameters, is answered
 * {@code failed} with a detail after {@code delivered}, and does not act.
 *
 * <p>The device remembers the last answer to each of its last {@value #REMEMBERED_COMMANDS} command ids: a repeat
 * (a resend after a lost acknowledgement) gets that answer again and does not act again (docs/commands.md, "MQTT
 * protocol"). Thread-safe: one command is handled at a time.
 */
final class SprinklerActuator {

    static final String COMMAND = "sprinkler";
    static final String STATE = "state";
    static final int REMEMBERED_COMMANDS = 100;
    static final String EXPIRED = "expired before execution";

    private final String deviceId;
    private final Clock clock;
    private final Consumer<SprinklerSwitched> listener;
    /** Command id -> the last answer to it, eldest first; bounded. */
    private final Map<String, DeviceCommandResponse> answered = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DeviceCommandResponse> eldest) {
            return size() > REMEMBERED_COMMANDS;
        }
    };
    private volatile boolean on;
    private volatile Instant switchedAt;

    SprinklerActuator(String deviceId, Clock clock, Consumer<SprinklerSwitched> listener) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    String deviceId() {
        return deviceId;
    }

    /** Whether the sprinkler is on now. */
    boolean state() {
        return on;
    }

    /** When the sprinkler last switched, or null when it never did (it starts off). */
    Instant switchedAt() {
        return switchedAt;
    }

    /**
     * Handles one command; {@code answer} gets the answers in order (it should not block: it publishes them).
     *
     * @return whether the command was new (false: a repeat, answered with the remembered answer)
     */
    synchronized boolean handle(DeviceCommand command, Consumer<DeviceCommandResponse> answer) {
        DeviceCommandResponse earlier = answered.get(command.commandId());
        if (earlier != null) {
            answer.accept(earlier);
            return false;
        }
        DeviceCommandResponse delivered = response(command, DeviceCommandOutcome.DELIVERED, Map.of(), null);
        answered.put(command.commandId(), delivered);
        answer.accept(delivered);

        DeviceCommandResponse done = execute(command);
        answered.put(command.commandId(), done);
        answer.accept(done);
        return true;
    }

    private DeviceCommandResponse execute(DeviceCommand command) {
        Instant now = clock.instant();
        if (command.expiresAt() != null && !now.isBefore(command.expiresAt())) {
            return failed(command, EXPIRED);
        }
        if (!COMMAND.equals(command.name())) {
            return failed(command, "unknown command '" + command.name() + "': this device knows only '" + COMMAND + "'");
        }
        String requested = command.parameters().get(STATE);
        if (requested == null || command.parameters().size() != 1) {
            return failed(command, "'" + COMMAND + "' takes exactly one parameter, '" + STATE + "' (on or off), got "
                    + command.parameters().keySet());
        }
        boolean switchOn;
        switch (requested.trim().toLowerCase(Locale.ROOT)) {
            case "on" -> switchOn = true;
            case "off" -> switchOn = false;
            default -> {
                return failed(command, "parameter '" + STATE + "' must be on or off, got '" + requested + "'");
            }
        }
        boolean changed = on != switchOn;
        on = switchOn;
        if (changed) {
            switchedAt = now;
        }
        try {
            listener.accept(new SprinklerSwitched(deviceId, switchOn, changed, command.commandId(), now));
        } catch (RuntimeException e) {
            // a listener's failure must not turn an executed command into a failed one
        }
        return response(command, DeviceCommandOutcome.EXECUTED, Map.of(STATE, switchOn ? "on" : "off"), null);
    }

    private DeviceCommandResponse failed(DeviceCommand command, String detail) {
        return response(command, DeviceCommandOutcome.FAILED, Map.of(), detail);
    }

    private DeviceCommandResponse response(DeviceCommand command, DeviceCommandOutcome outcome, Map<String, String> result,
                                           String detail) {
        return new DeviceCommandResponse(command.commandId(), outcome, result, detail, clock.instant());
    }
}
