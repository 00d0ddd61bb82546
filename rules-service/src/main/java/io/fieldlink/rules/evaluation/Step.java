package io.fieldlink.rules.evaluation;

import io.fieldlink.contracts.AlertTrigger;
import io.fieldlink.contracts.TelemetryReceived;

import java.time.Instant;

/**
 * What one engine call hands to the leaves and collects from them: the reading (null on a tick), the service
 * clock, the trigger each leaf offers when its truth changed, and the late-reading count. One per call, one thread.
 */
final class Step {

    final TelemetryReceived reading;
    final Instant now;
    final AlertTrigger[] triggers;
    /** Whether the caller keeps the device's latest event time (then leaves need not keep their own). */
    final boolean deviceOrdered;
    /** Latest event time of the device's earlier readings; null when none (or not kept by the caller). */
    final Instant deviceLatest;
    int lateDropped;

    Step(TelemetryReceived reading, Instant now, int leaves) {
        this(reading, now, leaves, false, null);
    }

    Step(TelemetryReceived reading, Instant now, int leaves, boolean deviceOrdered, Instant deviceLatest) {
        this.reading = reading;
        this.now = now;
        this.triggers = new AlertTrigger[leaves];
        this.deviceOrdered = deviceOrdered;
        this.deviceLatest = deviceLatest;
    }

    /** The reading is older than one the device already sent (only known when the caller keeps the device's time). */
    boolean outOfOrderForDevice() {
        return deviceLatest != null && reading.eventTime().isBefore(deviceLatest);
    }

    /** A trigger about the current reading; window and silence fields empty. */
    AlertTrigger readingTrigger(String measurement, Double value, String condition, Double threshold) {
        return new AlertTrigger(measurement, value, condition, threshold, null, null, null,
                reading.eventTime(), reading.messageId(), reading.receivedTime());
    }
}
