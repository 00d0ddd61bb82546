package io.fieldlink.command.kafka;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class StartupRetryTest {

    @Test
    void aFailedStepIsTriedAgainUntilItSucceeds() throws InterruptedException {
        AtomicInteger tries = new AtomicInteger();

        boolean done = StartupRetry.untilDone("step", () -> {
            if (tries.incrementAndGet() < 2) {
                throw new IllegalStateException("broker not there yet");
            }
        }, () -> false);

        assertThat(done).isTrue();
        assertThat(tries).hasValue(2);
    }

    @Test
    void aClosingServiceStopsTheRetries() throws InterruptedException {
        AtomicBoolean closed = new AtomicBoolean();
        AtomicInteger tries = new AtomicInteger();

        boolean done = StartupRetry.untilDone("step", () -> {
            tries.incrementAndGet();
            closed.set(true);
            throw new IllegalStateException("broker not there yet");
        }, closed::get);

        assertThat(done).isFalse();
        assertThat(tries).hasValue(1);
    }

    @Test
    void aStepIsNotTriedWhenTheServiceIsAlreadyClosing() throws InterruptedException {
        AtomicInteger tries = new AtomicInteger();

        assertThat(StartupRetry.untilDone("step", tries::incrementAndGet, () -> true)).isFalse();
        assertThat(tries).hasValue(0);
    }
}
