package io.fieldlink.command.lifecycle;

import io.fieldlink.contracts.CommandStatus;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.fieldlink.contracts.CommandStatus.DELIVERED;
import static io.fieldlink.contracts.CommandStatus.EXECUTED;
import static io.fieldlink.contracts.CommandStatus.EXPIRED;
import static io.fieldlink.contracts.CommandStatus.FAILED;
import static io.fieldlink.contracts.CommandStatus.QUEUED;
import static io.fieldlink.contracts.CommandStatus.SENT;

/** The legal moves between command statuses; everything else is rejected. */
final class CommandTransitions {

    private static final Map<CommandStatus, Set<CommandStatus>> LEGAL = new EnumMap<>(CommandStatus.class);

    static {
        // queued -> delivered/executed: the answer to an earlier attempt arrives while a retry waits
        LEGAL.put(QUEUED, EnumSet.of(SENT, DELIVERED, EXECUTED, FAILED, EXPIRED));
        // sent -> sent: resent after a restart or a reconnect; sent -> queued: waiting for a retry
        LEGAL.put(SENT, EnumSet.of(SENT, QUEUED, DELIVERED, EXECUTED, FAILED, EXPIRED));
        // the device has it: it is never sent again
        LEGAL.put(DELIVERED, EnumSet.of(EXECUTED, FAILED, EXPIRED));
        LEGAL.put(EXECUTED, EnumSet.noneOf(CommandStatus.class));
        LEGAL.put(FAILED, EnumSet.noneOf(CommandStatus.class));
        LEGAL.put(EXPIRED, EnumSet.noneOf(CommandStatus.class));
    }

    private CommandTransitions() {
    }

    static boolean isLegal(CommandStatus from, CommandStatus to) {
        return LEGAL.get(from).contains(to);
    }

    static void check(String commandId, CommandStatus from, CommandStatus to) {
        if (!isLegal(from, to)) {
            throw new IllegalTransitionException(commandId, from, to);
        }
    }

    static final class IllegalTransitionException extends IllegalStateException {

        IllegalTransitionException(String commandId, CommandStatus from, CommandStatus to) {
            super("command " + commandId + " cannot go from " + from.wireName() + " to " + to.wireName());
        }
    }
}
