package io.fieldlink.rules.evaluation;

import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.rules.definition.Rule;

import java.time.Instant;

/**
 * Evaluates one rule for one device, plain Java: no Spring, no Kafka. The Streams processor keeps one
 * {@link RuleState} per (rule, device) in a changelogged store and calls these methods; the engine never
 * reads a clock itself.
 *
 * <p>SKELETON: signatures agreed between the engine and the topology; bodies are being written.
 */
public final class RuleEngine {

    /** A fresh state for {@code rule} (NORMAL, no leaf history). */
    public RuleState initial(Rule rule) {
        throw new UnsupportedOperationException("not yet written");
    }

    /**
     * Applies one reading of the device. {@code arrival} is the service's wall-clock time of processing (used by
     * no-data conditions); event time comes from the reading. A state from an older rule revision is migrated.
     */
    public Evaluation onReading(Rule rule, RuleState state, TelemetryReceived reading, Instant arrival) {
        throw new UnsupportedOperationException("not yet written");
    }

    /** Wall-clock tick: no-data conditions may start to hold. */
    public Evaluation onTick(Rule rule, RuleState state, Instant now) {
        throw new UnsupportedOperationException("not yet written");
    }
}
