package io.fieldlink.ingest;

import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.ingest.telemetry.IngestProblems;
import io.fieldlink.ingest.telemetry.TelemetryPublisher;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Slice-test double of the Kafka publisher: records what would have been published. */
class RecordingPublisher implements TelemetryPublisher {

    record Published(TelemetryReceived event, String correlationId) {
    }

    final List<Published> published = new CopyOnWriteArrayList<>();
    volatile boolean brokerDown;
    /** Records matching this are "not acknowledged" (503), the others published. */
    volatile Predicate<TelemetryReceived> notAcknowledged = event -> false;
    /** When set, every publish waits for it (a slow broker: records stay in flight). */
    volatile CountDownLatch hold;

    @Override
    public void publish(TelemetryReceived event, String correlationId) {
        CountDownLatch latch = hold;
        if (latch != null) {
            try {
                latch.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (brokerDown || notAcknowledged.test(event)) {
            throw IngestProblems.unavailable(5);
        }
        published.add(new Published(event, correlationId));
    }

    void reset() {
        published.clear();
        brokerDown = false;
        notAcknowledged = event -> false;
        hold = null;
    }
}
