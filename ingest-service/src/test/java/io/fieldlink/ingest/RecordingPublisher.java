package io.fieldlink.ingest;

import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.ingest.telemetry.IngestProblems;
import io.fieldlink.ingest.telemetry.TelemetryPublisher;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Slice-test double of the Kafka publisher: records what would have been published. */
class RecordingPublisher implements TelemetryPublisher {

    record Published(TelemetryReceived event, String correlationId) {
    }

    final List<Published> published = new CopyOnWriteArrayList<>();
    volatile boolean brokerDown;

    @Override
    public void publish(TelemetryReceived event, String correlationId) {
        if (brokerDown) {
            throw IngestProblems.unavailable(5);
        }
        published.add(new Published(event, correlationId));
    }

    void reset() {
        published.clear();
        brokerDown = false;
    }
}
