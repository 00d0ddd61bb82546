package io.fieldlink.ingest.telemetry;

import com.github.benmanes.caffeine.cache.Ticker;
import io.fieldlink.ingest.IngestProperties;
import io.fieldlink.support.problem.ApiProblemException;
import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gate with a fake clock shared by Bucket4j (TimeMeter) and Caffeine (Ticker). */
class IngestGateTest {

    /** One fake clock for the buckets and the cache's idle expiry. */
    static final class FakeTime implements TimeMeter, Ticker {
        final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }

        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }

        @Override
        public long read() {
            return nanos.get();
        }
    }

    private final FakeTime time = new FakeTime();

    /** 10 readings burst, 1 reading per second sustained. */
    private IngestGate gate(int maxInFlight, int maxDevices) {
        return new IngestGate(new IngestProperties.RateLimit(true, 10L, 1L, Duration.ofSeconds(1), maxDevices),
                maxInFlight, time, time);
    }

    @Test
    void aDeviceGetsItsBurstThenTheRefillRateAnd429WithTheRefillEstimate() {
        IngestGate gate = gate(100, 100);
        for (int i = 0; i < 10; i++) {
            gate.admit("OP1", "dev-a", 1).close();
        }
        assertThatThrownBy(() -> gate.admit("OP1", "dev-a", 1))
                .isInstanceOfSatisfying(ApiProblemException.class, p -> {
                    assertThat(p.status().value()).isEqualTo(429);
                    assertThat(p.type()).isEqualTo(IngestProblems.RATE_LIMITED);
                    assertThat(p.headers().getFirst("Retry-After")).isEqualTo("1");
                });
        // another device and the same device id of another tenant have buckets of their own
        gate.admit("OP1", "dev-b", 10).close();
        gate.admit("OP2", "dev-a", 10).close();

        time.advance(Duration.ofMillis(999));
        assertThatThrownBy(() -> gate.admit("OP1", "dev-a", 1)).isInstanceOf(ApiProblemException.class);
        time.advance(Duration.ofMillis(1));
        gate.admit("OP1", "dev-a", 1).close();
    }

    @Test
    void aBatchIsAdmittedWholeOrNotAtAllAndRetryAfterSaysWhenItFits() {
        IngestGate gate = gate(100, 100);
        gate.admit("OP1", "gw", 7).close();
        assertThatThrownBy(() -> gate.admit("OP1", "gw", 5))
                .isInstanceOfSatisfying(ApiProblemException.class,
                        p -> assertThat(p.headers().getFirst("Retry-After")).isEqualTo("2"));
        // the refused batch took nothing: the 3 tokens left are still there
        gate.admit("OP1", "gw", 3).close();
        time.advance(Duration.ofMillis(4500)); // 4.5 tokens
        assertThatThrownBy(() -> gate.admit("OP1", "gw", 5))
                .isInstanceOfSatisfying(ApiProblemException.class,
                        p -> assertThat(p.headers().getFirst("Retry-After")).isEqualTo("1"));
    }

    @Test
    void tokensOfReadingsThatWereNotStoredAreGivenBack() {
        IngestGate gate = gate(100, 100);
        try (var admission = gate.admit("OP1", "dev", 10)) {
            admission.refund(4); // Kafka failed 4 of them
        }
        gate.admit("OP1", "dev", 4).close();
        assertThatThrownBy(() -> gate.admit("OP1", "dev", 1)).isInstanceOf(ApiProblemException.class);
    }

    @Test
    void inFlightRecordsAreLimitedAcrossDevicesAnd503WithRetryAfter() {
        IngestGate gate = gate(5, 100);
        var first = gate.admit("OP1", "a", 3);
        var second = gate.admit("OP1", "b", 2);
        assertThat(gate.inFlight()).isEqualTo(5);
        assertThatThrownBy(() -> gate.admit("OP1", "c", 1))
                .isInstanceOfSatisfying(ApiProblemException.class, p -> {
                    assertThat(p.status().value()).isEqualTo(503);
                    assertThat(p.type()).isEqualTo(IngestProblems.OVERLOADED);
                    assertThat(p.headers().getFirst("Retry-After")).isEqualTo("1");
                });
        first.close();
        first.close(); // closing twice releases once
        assertThat(gate.inFlight()).isEqualTo(2);
        gate.admit("OP1", "c", 3).close();
        second.close();
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void aRateLimitedRequestHoldsNoInFlightPermitsAndAnOverloadedOneCostsNoTokens() {
        IngestGate gate = gate(10, 100);
        gate.admit("OP1", "dev", 10).close();
        assertThatThrownBy(() -> gate.admit("OP1", "dev", 1)).isInstanceOf(ApiProblemException.class);
        assertThat(gate.inFlight()).isZero();

        var busy = gate.admit("OP1", "other", 10); // in-flight now full
        time.advance(Duration.ofSeconds(10)); // "dev" full again
        assertThatThrownBy(() -> gate.admit("OP1", "dev", 1))
                .isInstanceOfSatisfying(ApiProblemException.class, p -> assertThat(p.status().value()).isEqualTo(503));
        busy.close();
        gate.admit("OP1", "dev", 10).close(); // still all 10 tokens
    }

    @Test
    void bucketsStayBoundedAndIdleDevicesAreDropped() {
        IngestGate gate = gate(100, 3);
        for (int i = 0; i < 50; i++) {
            gate.admit("OP1", "dev-" + i, 1).close();
        }
        assertThat(gate.trackedDevices()).isLessThanOrEqualTo(3);

        IngestGate idle = gate(100, 100);
        idle.admit("OP1", "x", 1).close();
        idle.admit("OP1", "y", 1).close();
        assertThat(idle.trackedDevices()).isEqualTo(2);
        time.advance(Duration.ofSeconds(9));
        idle.admit("OP1", "x", 1).close(); // x is used again, y stays idle
        time.advance(Duration.ofMillis(1500)); // y idle for 10.5 s = longer than an empty bucket takes to fill (10 s)
        assertThat(idle.trackedDevices()).isEqualTo(1);
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUp() {
        assertThat(IngestGate.retryAfterSeconds(0)).isEqualTo(1);
        assertThat(IngestGate.retryAfterSeconds(1)).isEqualTo(1);
        assertThat(IngestGate.retryAfterSeconds(1_000_000_000L)).isEqualTo(1);
        assertThat(IngestGate.retryAfterSeconds(1_000_000_001L)).isEqualTo(2);
        assertThat(IngestGate.retryAfterSeconds(Long.MAX_VALUE)).isEqualTo(86_400);
    }

    @Test
    void withoutRateLimitOnlyTheInFlightLimitApplies() {
        IngestGate gate = new IngestGate(new IngestProperties.RateLimit(false, null, null, null, null), 1000, time, time);
        for (int i = 0; i < 100; i++) {
            gate.admit("OP1", "dev", 10).close();
        }
        assertThat(gate.trackedDevices()).isZero();
        assertThatCode(() -> IngestGate.unlimited().admit("OP1", "dev", 10_000).close()).doesNotThrowAnyException();
    }
}
