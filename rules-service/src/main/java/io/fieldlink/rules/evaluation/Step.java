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
    int lateDropped;

    Step(TelemetryReceived reading, Instant now, int leaves) {
        this.reading = reading;
        this.now = now;
        this.triggers = new AlertTrigger[leaves];
    }

    /** A trigger about the current reading; window and silence fields empty. */
    AlertTrigger readingTrigger(String measurement, Double value, String condition, Double threshold) {
        return new AlertTrigger(measurement, value, condition, threshold, null, null, null,
                reading.eventTime(), reading.messageId(), reading.receivedTime());
    }
}
