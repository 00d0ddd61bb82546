package io.fieldlink.command.rollout;

import io.fieldlink.command.lifecycle.TransitionObserver;
import io.fieldlink.contracts.CommandStatusChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Hands the book's transitions of rollout commands (origin {@code rollout:<id>}) to the coordinator on a thread of
 * its own: the book calls observers while it is locked, and the coordinator calls into the book, so it must never
 * run inside that lock. Other commands cost one string comparison.
 */
final class RolloutTransitions implements TransitionObserver, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RolloutTransitions.class);

    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rollout-transitions");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Consumer<CommandStatusChanged> handler = record -> { };

    void handOverTo(Consumer<CommandStatusChanged> handler) {
        this.handler = handler;
    }

    @Override
    public void transitioned(CommandStatusChanged record) {
        if (record.origin() == null || !record.origin().startsWith(RolloutCoordinator.ORIGIN_PREFIX)) {
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    handler.accept(record);
                } catch (RuntimeException e) {
                    log.warn("Rollout progress of command {} failed: {}", record.commandId(), e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down: the next start reconciles with the journal
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
