package io.fieldlink.command.registry;

import io.fieldlink.command.kafka.StartupRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads the registry back from Kafka before the service reports ready, then starts what feeds it: the telemetry
 * listener and the sweep that writes pending last-seen times.
 *
 * <p>An {@link ApplicationRunner}: Boot runs it after the web server is up and liveness is correct, but before
 * readiness turns to accepting traffic, so the readiness probe is down exactly while the registry loads. A broker
 * that is not there yet is waited for (retry with back-off) instead of failing the start; the API answers 503
 * {@code registry-loading} meanwhile.
 */
final class RegistryStartup implements ApplicationRunner, AutoCloseable, Ordered {

    /** Before the command delivery's startup, whose device status handling needs the loaded registry. */
    public static final int ORDER = 0;

    private static final Logger log = LoggerFactory.getLogger(RegistryStartup.class);

    private final DeviceRegistry registry;
    private final RegistryLoader loader;
    private final MessageListenerContainer telemetry;
    private final Duration sweepEvery;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "device-registry-last-seen");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    /**
     * @param sweepEvery how often pending last-seen times are looked for; a quarter of the write interval keeps a
     *                   pending time at most 1.25 intervals old when written
     */
    RegistryStartup(DeviceRegistry registry, RegistryLoader loader, MessageListenerContainer telemetry,
                    Duration sweepEvery) {
        this.registry = registry;
        this.loader = loader;
        this.telemetry = telemetry;
        this.sweepEvery = sweepEvery;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        boolean loaded = StartupRetry.untilDone("Device registry load", () -> {
            long t0 = System.nanoTime();
            long records = loader.load(registry);
            registry.markLoaded();
            log.info("Device registry loaded: {} devices from {} records in {} ms", registry.size(), records,
                    (System.nanoTime() - t0) / 1_000_000);
        }, () -> closed);
        if (!loaded) {
            return;
        }
        telemetry.start();
        sweeper.scheduleWithFixedDelay(this::sweep, sweepEvery.toMillis(), sweepEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            int written = registry.writePendingLastSeen();
            if (written > 0) {
                log.debug("Wrote the last-seen time of {} devices", written);
            }
        } catch (RuntimeException e) {
            // the next sweep tries again; the time is still in memory
            log.warn("Writing pending last-seen times failed: {}", e.toString());
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public void close() {
        closed = true;
        sweeper.shutdownNow();
    }
}
