package io.fieldlink.command.lifecycle;

import io.fieldlink.contracts.CommandStatusChanged;

/**
 * Told of every transition of the {@link CommandBook} after the journal has it (e.g. rollouts learn their devices'
 * outcomes this way). Called while the book is locked: it must return at once, hand the work to its own thread,
 * never call back into the book and never throw. Replayed records are not observed: an observer that keeps state
 * reconciles with {@link CommandBook#find} after the replay.
 */
@FunctionalInterface
public interface TransitionObserver {

    void transitioned(CommandStatusChanged record);
}
