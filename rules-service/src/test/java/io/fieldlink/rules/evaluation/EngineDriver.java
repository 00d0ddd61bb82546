package io.fieldlink.rules.evaluation;

import io.fieldlink.contracts.Severity;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleCondition;
import io.fieldlink.rules.definition.RuleScope;
import io.fieldlink.rules.definition.RuleSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drives one rule on one device through the engine, keeping the state and the signals, with times given in
 * seconds after {@link #T0}. Readings arrive on the service clock at their event time unless a test says otherwise.
 */
final class EngineDriver {

    static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

    final RuleEngine engine;
    Rule rule;
    RuleState state;
    final List<Signal> signals = new ArrayList<>();
    int lateDropped;
    private int messages;

    EngineDriver(RuleCondition condition, RuleCondition clear) {
        this(new RuleEngine(), condition, clear);
    }

    EngineDriver(RuleEngine engine, RuleCondition condition, RuleCondition clear) {
        this.engine = engine;
        this.rule = rule(1, condition, clear);
        this.state = engine.initial(rule);
    }

    static Rule rule(long revision, RuleCondition condition, RuleCondition clear) {
        return new Rule("OP0000000001", "r1", revision, T0, T0,
                new RuleSpec("test rule", null, true, Severity.MAJOR, RuleScope.ALL_DEVICES, condition, clear, null, null));
    }

    static Instant at(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    static TelemetryReceived reading(double seconds, Map<String, Double> measurements, String messageId) {
        return new TelemetryReceived("OP0000000001", "dev-1", messageId, at(seconds), at(seconds).plusMillis(200),
                SourceProtocol.HTTP, null, measurements, null);
    }

    /** Applies a reading of {@code measurement = value} at {@code seconds}; returns the signal, if any. */
    Signal read(double seconds, String measurement, double value) {
        return read(seconds, Map.of(measurement, value));
    }

    Signal read(double seconds, Map<String, Double> measurements) {
        return readArriving(seconds, seconds, measurements);
    }

    Signal readArriving(double seconds, double arrivalSeconds, Map<String, Double> measurements) {
        TelemetryReceived reading = reading(seconds, measurements, "m" + (++messages));
        return record(engine.onReading(rule, state, reading, at(arrivalSeconds)));
    }

    Signal tick(double seconds) {
        return record(engine.onTick(rule, state, at(seconds)));
    }

    void update(RuleCondition condition, RuleCondition clear) {
        rule = rule(rule.revision() + 1, condition, clear);
    }

    List<Signal.Kind> kinds() {
        return signals.stream().map(Signal::kind).toList();
    }

    Signal last() {
        return signals.getLast();
    }

    private Signal record(Evaluation evaluation) {
        state = evaluation.state();
        lateDropped += evaluation.lateDropped();
        evaluation.signal().ifPresent(signals::add);
        return evaluation.signal().orElse(null);
    }
}
