package io.fieldlink.command.rollout;

import io.fieldlink.command.kafka.StartupRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads the rollouts back before the service reports ready (the API answers 503 {@code rollouts-loading}
 * meanwhile), after the command journal's replay (order 10): the devices in flight are reconciled with their
 * commands' statuses in the replayed book. Then a sweep stores what Kafka did not acknowledge.
 */
final class RolloutStartup implements ApplicationRunner, AutoCloseable, Ordered {

    private static final Logger log = LoggerFactory.getLogger(RolloutStartup.class);

    private final RolloutCoordinator coordinator;
    private final RolloutLoader loader;
    private final Duration sweepEvery;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rollouts-store");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    RolloutStartup(RolloutCoordinator coordinator, RolloutLoader loader, Duration sweepEvery) {
        this.coordinator = coordinator;
        this.loader = loader;
        this.sweepEvery = sweepEvery;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        boolean done = StartupRetry.untilDone("Rollouts load", () -> {
            long records = loader.load(coordinator);
            log.info("Rollouts loaded from {} records", records);
        }, () -> closed);
        if (!done) {
            return;
        }
        coordinator.loadedAndReconcile();
        sweeper.scheduleWithFixedDelay(this::sweep, sweepEvery.toMillis(), sweepEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            coordinator.storeUnstored();
        } catch (RuntimeException e) {
            log.warn("Storing rollouts failed: {}", e.toString());
        }
    }

    @Override
    public int getOrder() {
        return 20;
    }

    @Override
    public void close() {
        closed = true;
        sweeper.shutdownNow();
    }
}
