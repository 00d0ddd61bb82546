package io.fieldlink.command.lifecycle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * One device's commands: the pending ones in request order (only the head may be sent, so a device gets its
 * commands in order, one at a time), and every retained command for queries.
 */
final class DeviceQueue {

    private final Deque<TrackedCommand> pending = new ArrayDeque<>();
    /** Oldest first. */
    private final Deque<TrackedCommand> history = new ArrayDeque<>();
    // presumed online until a transport says otherwise: a device already connected when the service starts
    // announces nothing
    private boolean online = true;

    void add(TrackedCommand command) {
        history.addLast(command);
        if (command.holdsItsPlace()) {
            pending.addLast(command);
        }
    }

    TrackedCommand head() {
        return pending.peekFirst();
    }

    void leave(TrackedCommand command) {
        pending.remove(command);
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    boolean online() {
        return online;
    }

    void online(boolean online) {
        this.online = online;
    }

    /** Forgets the oldest finished commands beyond {@code retained}; returns them. Pending ones are always kept. */
    List<TrackedCommand> prune(int retained) {
        List<TrackedCommand> forgotten = new ArrayList<>();
        Iterator<TrackedCommand> oldestFirst = history.iterator();
        while (history.size() > retained && oldestFirst.hasNext()) {
            TrackedCommand command = oldestFirst.next();
            if (command.status().isTerminal()) {
                oldestFirst.remove();
                forgotten.add(command);
            }
        }
        return forgotten;
    }

    /** Every retained command, newest first. */
    Iterator<TrackedCommand> newestFirst() {
        return history.descendingIterator();
    }
}
