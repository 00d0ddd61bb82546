package io.fieldlink.ingest.telemetry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.fieldlink.ingest.IngestProperties;
import io.fieldlink.support.problem.ApiProblemException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Admission of readings into the shared ingest path, whatever the entry point: the per-device rate
 * limit and the limit on records awaiting Kafka's acknowledgement. {@link TelemetryIngest} asks it
 * before every publish, so HTTP, MQTT, TCP and UDP all get the same limits and the same problems:
 *
 * <ul>
 *   <li>429 {@code rate-limited} with {@code Retry-After} (whole seconds until the device's bucket
 *       holds enough tokens) when the device's token bucket (Bucket4j, greedy refill) has fewer
 *       tokens than readings; one token per reading, a batch costs its number of readings, all or
 *       nothing. Buckets live in a bounded Caffeine cache keyed by tenant and device: at most
 *       {@code maxDevices}, and a bucket idle long enough to be full again is dropped (a new one
 *       is full too, so dropping it gives a device nothing it would not have had);</li>
 *   <li>503 {@code overloaded} with {@code Retry-After: 1} when the readings would take the number
 *       of records awaiting Kafka's acknowledgement over {@code maxInFlight}.</li>
 * </ul>
 *
 * <p>The in-flight permits are taken first and given back when the rate limit refuses, so a
 * refused request costs neither. Tokens of readings Kafka then did not store are given back
 * ({@link Admission#refund}): a device retrying after a 503 is not charged twice.
 */
public final class IngestGate {

    /** Retry-After of a 503 {@code overloaded}: in-flight records drain within milliseconds normally. */
    public static final long OVERLOADED_RETRY_AFTER_SECONDS = 1;
    /** Retry-After is never longer than this (a bucket refilling very slowly). */
    static final long MAX_RETRY_AFTER_SECONDS = Duration.ofDays(1).toSeconds();

    private final int maxInFlight;
    private final Semaphore inFlight;
    private final IngestProperties.RateLimit rateLimit;
    private final Cache<String, Bucket> buckets;
    private final TimeMeter timeMeter;

    /**
     * @param rateLimit   the per-device token bucket; {@code enabled=false} admits every device
     * @param maxInFlight records awaiting acknowledgement at most, across all entry points
     * @param timeMeter   Bucket4j's clock ({@link TimeMeter#SYSTEM_NANOTIME}; a fake one in tests)
     * @param ticker      Caffeine's clock for idle expiry ({@link Ticker#systemTicker()}; a fake one in tests)
     */
    public IngestGate(IngestProperties.RateLimit rateLimit, int maxInFlight, TimeMeter timeMeter, Ticker ticker) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be positive");
        }
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.rateLimit = Objects.requireNonNull(rateLimit, "rateLimit");
        this.timeMeter = Objects.requireNonNull(timeMeter, "timeMeter");
        this.buckets = rateLimit.enabled()
                ? Caffeine.newBuilder()
                        .maximumSize(rateLimit.maxDevices())
                        .expireAfterAccess(max(rateLimit.timeToFull(), Duration.ofSeconds(1)))
                        .ticker(ticker)
                        .build()
                : null;
    }

    /** No rate limit and (practically) no in-flight limit: for entry points' unit tests. */
    public static IngestGate unlimited() {
        return new IngestGate(new IngestProperties.RateLimit(false, null, null, null, null), Integer.MAX_VALUE,
                TimeMeter.SYSTEM_NANOTIME, Ticker.systemTicker());
    }

    /**
     * Admits {@code readings} readings of one device, or refuses them all.
     *
     * @return the admission; close it once Kafka answered (it releases the in-flight permits)
     * @throws ApiProblemException 503 {@code overloaded} or 429 {@code rate-limited}, both with Retry-After
     */
    public Admission admit(String tenantId, String deviceId, int readings) {
        if (readings < 1) {
            throw new IllegalArgumentException("readings must be positive");
        }
        if (!inFlight.tryAcquire(readings)) {
            throw IngestProblems.overloaded(OVERLOADED_RETRY_AFTER_SECONDS);
        }
        Bucket bucket = null;
        if (buckets != null) {
            bucket = buckets.get(tenantId + "/" + deviceId, key -> newBucket());
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(readings);
            if (!probe.isConsumed()) {
                inFlight.release(readings);
                throw IngestProblems.rateLimited(retryAfterSeconds(probe.getNanosToWaitForRefill()));
            }
        }
        return new Admission(bucket, readings);
    }

    /** Records awaiting Kafka's acknowledgement now (the in-flight gauge). */
    public int inFlight() {
        return maxInFlight - inFlight.availablePermits();
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    /** Devices with a bucket in memory now (0 when the rate limit is off). */
    public long trackedDevices() {
        if (buckets == null) {
            return 0;
        }
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(rateLimit.capacity())
                        .refillGreedy(rateLimit.refillTokens(), rateLimit.refillPeriod())
                        .build())
                .withCustomTimePrecision(timeMeter)
                .build();
    }

    /** Whole seconds, rounded up, at least 1. */
    static long retryAfterSeconds(long nanosToWait) {
        if (nanosToWait <= 0) {
            return 1;
        }
        long seconds = nanosToWait / 1_000_000_000L + (nanosToWait % 1_000_000_000L == 0 ? 0 : 1);
        return Math.max(1, Math.min(seconds, MAX_RETRY_AFTER_SECONDS));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Readings let through: holds their in-flight permits until closed. */
    public final class Admission implements AutoCloseable {

        private final Bucket bucket;
        private final int readings;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Admission(Bucket bucket, int readings) {
            this.bucket = bucket;
            this.readings = readings;
        }

        /** Gives the device back the tokens of readings that were not stored after all. */
        public void refund(int notStored) {
            if (bucket != null && notStored > 0) {
                bucket.addTokens(Math.min(notStored, readings));
            }
        }

        /** Releases the in-flight permits (once; later calls do nothing). */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                inFlight.release(readings);
            }
        }
    }
}
