package io.fieldlink.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fleet of devices posting Beam-signed readings to ingest at a fixed total rate, open loop: reading k of the
 * fleet (sent by device k % devices) is due at a fixed time, first at the warm-up rate for the warm-up, then at
 * the measured rate (unmeasured for the settling time, while the JVMs recompile for the higher rate, then measured),
 * whatever the answers do. Each device sends in order over its own keep-alive connection, as
 * a device behind Beam does, so a late answer delays only that device's next reading; that shows as a lower
 * accepted rate, never inside a latency measured from ingest's acceptance. (An unbounded asynchronous client
 * instead opened a connection per outstanding request, over 5,000 under load, and spent the shared cores on
 * connection handling.) A platform thread per device: a blocking read parks in the kernel, where a virtual
 * thread's goes through the JDK's poller, which cost more of the shared cores.
 */
final class PacedFleet {

    /** The body of reading {@code n} of {@code device}. */
    interface Readings {
        String body(int device, long n);
    }

    /** Readings answered 202 and otherwise, both counted only when due in the measured time. */
    record Result(long accepted, long errors) {
    }

    private final BeamRequests beam;
    private final int devices;
    private final Duration warmup;
    private final int warmupRate;
    private final Duration settle;
    private final Duration measured;
    private final int rate;

    PacedFleet(BeamRequests beam, int devices, Duration warmup, int warmupRate, Duration settle, Duration measured,
               int rate) {
        this.beam = beam;
        this.devices = devices;
        this.warmup = warmup;
        this.warmupRate = warmupRate;
        this.settle = settle;
        this.measured = measured;
        this.rate = rate;
    }

    Result run(Readings readings) {
        AtomicLong accepted = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long warmupReadings = warmup.toSeconds() * warmupRate;
        long start = System.nanoTime();
        long fullRateFrom = start + warmup.toNanos();
        long measureFrom = fullRateFrom + settle.toNanos();
        long end = measureFrom + measured.toNanos();
        try (ExecutorService senders = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("device-", 0).factory())) {
            for (int d = 0; d < devices; d++) {
                int device = d;
                senders.submit(() -> {
                    try (DeviceConnection connection = new DeviceConnection(beam.base())) {
                        for (long n = 0; ; n++) {
                            long k = n * devices + device;
                            long due = k < warmupReadings ? start + k * 1_000_000_000L / warmupRate
                                    : fullRateFrom + (k - warmupReadings) * 1_000_000_000L / rate;
                            if (due >= end) {
                                return;
                            }
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(wait);
                            }
                            byte[] body = readings.body(device, n).getBytes(StandardCharsets.UTF_8);
                            int status;
                            try {
                                status = connection.post("/v1/telemetry", beam.beamHeaders(device), "application/json",
                                        body);
                            } catch (IOException | RuntimeException e) {
                                connection.close();
                                status = -1;
                            }
                            if (due >= measureFrom) {
                                (status == 202 ? accepted : errors).incrementAndGet();
                            }
                        }
                    }
                });
            }
        }
        return new Result(accepted.get(), errors.get());
    }
}
