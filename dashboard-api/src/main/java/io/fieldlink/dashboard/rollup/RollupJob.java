package io.fieldlink.dashboard.rollup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the hourly rollups and then retention every {@code run-every}, on one daemon thread, when
 * {@code fieldlink.dashboard.retention.enabled}. A failed run (OpenSearch down) is logged and retried at the
 * next tick; it stored no progress, so nothing is skipped.
 */
class RollupJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RollupJob.class);
    /** First run shortly after start, not at once: the store may still be coming up. */
    private static final Duration FIRST_RUN_AFTER = Duration.ofSeconds(30);

    private final HourlyRollups rollups;
    private final Retention retention;
    private final Clock clock;
    private final Duration every;
    private volatile ScheduledExecutorService executor;

    RollupJob(HourlyRollups rollups, Retention retention, Clock clock, Duration every) {
        this.rollups = rollups;
        this.retention = retention;
        this.clock = clock;
        this.every = every;
    }

    /** One run: rollups first, so that retention sees their progress. */
    void runOnce() {
        try {
            rollups.run(clock.instant());
            retention.run(clock.instant());
        } catch (Exception e) {
            log.warn("Rollup/retention run failed (retried in {}): {}", every, e.toString());
        }
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("rollup-job").daemon()
                .factory());
        executor.scheduleWithFixedDelay(this::runOnce, Math.min(FIRST_RUN_AFTER.toMillis(), every.toMillis()),
                every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.shutdownNow();
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
