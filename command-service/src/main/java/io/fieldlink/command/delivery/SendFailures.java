package io.fieldlink.command.delivery;

import io.fieldlink.command.lifecycle.CommandBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Reports a failed send back to the book from a thread of its own: a transport finds out inside
 * {@link CommandBook}'s lock (or on the MQTT client's thread) and must not call back into the book from there.
 * The book is bound after it is built: it needs the transport first.
 */
final class SendFailures implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SendFailures.class);

    private final ExecutorService reporter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "command-send-failures");
        thread.setDaemon(true);
        return thread;
    });
    private volatile CommandBook book;

    void bind(CommandBook book) {
        this.book = book;
    }

    /** {@code permanent}: the command cannot be sent this way at all; else the attempt is retried. */
    void report(String commandId, String reason, boolean permanent) {
        reporter.execute(() -> {
            try {
                book.failed(commandId, reason, permanent);
            } catch (RuntimeException e) {
                log.warn("Could not record the failed send of command {}: {}", commandId, e.toString());
            }
        });
    }

    /**
     * The service itself cannot reach the device now (its MQTT connection is down): the device counts as offline, so
     * its command waits without spending attempts, until {@link #reachable}.
     */
    void unreachable(String deviceId) {
        reporter.execute(() -> {
            try {
                book.deviceOffline(deviceId);
            } catch (RuntimeException e) {
                log.warn("Could not hold the commands of device {}: {}", deviceId, e.toString());
            }
        });
    }

    /** The service can reach the device again: what waits for it is sent. */
    void reachable(String deviceId) {
        reporter.execute(() -> {
            try {
                book.deviceOnline(deviceId);
            } catch (RuntimeException e) {
                log.warn("Could not release the commands of device {}: {}", deviceId, e.toString());
            }
        });
    }

    @Override
    public void close() throws InterruptedException {
        reporter.shutdown();
        reporter.awaitTermination(2, TimeUnit.SECONDS);
    }
}
