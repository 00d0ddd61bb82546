package io.fieldlink.bench;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop paced run: operation k is due at {@code start + k / rate}, whatever the earlier ones are doing, and
 * runs on a virtual thread of its own, so a slow answer never delays the next operation (no coordinated omission).
 * The first {@code warmup} is unmeasured; the measured window follows.
 */
final class PacedRun {

    /** One operation; {@code measured} is false during the warm-up. */
    interface Operation {
        void run(long k, boolean measured) throws Exception;
    }

    /** Called once when the first measured operation is due, and once when the last one has been started. */
    interface WindowListener {
        void window(boolean starting);
    }

    private PacedRun() {
    }

    /** Runs the operations; returns when every one of them has finished. Returns how many were started. */
    static long run(int rate, Duration warmup, Duration duration, Operation operation, WindowListener listener) {
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime() + 50_000_000L;
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        long k = 0;
        boolean windowStarted = false;
        try (ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("paced-", 0).factory())) {
            for (; ; k++) {
                long due = start + k * intervalNanos;
                if (due >= end) {
                    break;
                }
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                boolean measured = due >= measureFrom;
                if (measured && !windowStarted) {
                    windowStarted = true;
                    listener.window(true);
                }
                long index = k;
                threads.execute(() -> {
                    try {
                        operation.run(index, measured);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Exception e) {
                        System.err.println("operation " + index + " failed: " + e);
                    }
                });
            }
            listener.window(false);
        }
        return k;
    }
}
