package io.fieldlink.command.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Retries a startup step that needs the broker (load the registry, replay the journal) until it succeeds, waiting
 * 0.5 s, doubling up to 30 s, between tries: a broker that is not there yet is waited for instead of failing the
 * service's start, and readiness stays down meanwhile.
 */
public final class StartupRetry {

    private static final Logger log = LoggerFactory.getLogger(StartupRetry.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** One try of the step. */
    public interface Step {
        void run() throws Exception;
    }

    private StartupRetry() {
    }

    /**
     * Runs {@code step} until it succeeds or {@code stopped} says the service is closing.
     *
     * @return true when the step succeeded, false when the service closed first
     */
    public static boolean untilDone(String what, Step step, BooleanSupplier stopped) throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        while (!stopped.getAsBoolean()) {
            try {
                step.run();
                return true;
            } catch (Exception e) {
                log.warn("{} not done yet, retrying in {}: {}", what, backoff, e.toString());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        return false;
    }
}
