package io.fieldlink.rules.evaluation;

import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.StuckCondition;
import io.fieldlink.rules.definition.ThresholdCondition;
import io.fieldlink.rules.definition.WindowCondition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.fieldlink.rules.evaluation.EngineDriver.at;
import static io.fieldlink.rules.evaluation.EngineDriver.reading;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RuleEngine#onDeviceReading}: the caller keeps the device's latest event time, rules at rest have idle
 * states the caller does not store, and the device's order replaces the leaves' own.
 */
class DeviceOrderedEngineTest {

    private final RuleEngine engine = new RuleEngine();
    private final List<Signal> signals = new ArrayList<>();
    private RuleState stored;
    private Instant deviceLatest;
    private int messages;

    /** The processor's loop: idle states are not kept (null), the device clock only moves forward. */
    private void read(Rule rule, double seconds, String measurement, double value) {
        var reading = reading(seconds, Map.of(measurement, value), "m" + (++messages));
        Evaluation evaluation = engine.onDeviceReading(rule, stored, reading, at(seconds), deviceLatest);
        evaluation.signal().ifPresent(signals::add);
        stored = engine.isIdle(rule, evaluation.state()) ? null : evaluation.state();
        if (deviceLatest == null || reading.eventTime().isAfter(deviceLatest)) {
            deviceLatest = reading.eventTime();
        }
    }

    @Test
    void aThresholdAtRestKeepsNoState() {
        Rule rule = EngineDriver.rule(1, new ThresholdCondition("temperature", ">", 35.0, null, Duration.ofMinutes(1)), null);
        for (int s = 0; s < 10; s++) {
            read(rule, s, "temperature", 20 + s);
        }
        assertThat(stored).isNull();
        assertThat(signals).isEmpty();
    }

    @Test
    void aPendingThresholdIsKeptAndRaisesAfterItsDuration() {
        Rule rule = EngineDriver.rule(1, new ThresholdCondition("temperature", ">", 35.0, null, Duration.ofMinutes(1)), null);
        read(rule, 0, "temperature", 36);
        assertThat(stored).isNotNull();
        read(rule, 60, "temperature", 37);
        assertThat(signals).extracting(Signal::kind).containsExactly(Signal.Kind.RAISED);
        read(rule, 70, "temperature", 20);
        assertThat(signals).extracting(Signal::kind).containsExactly(Signal.Kind.RAISED, Signal.Kind.CLEARED);
        assertThat(stored).isNull();
    }

    @Test
    void aReadingOlderThanTheDevicesLatestIsIgnoredEvenByARuleAtRest() {
        Rule rule = EngineDriver.rule(1, new ThresholdCondition("temperature", ">", 35.0, null, null), null);
        read(rule, 10, "temperature", 20);
        read(rule, 5, "temperature", 50);   // out of order for the device: must not raise
        assertThat(signals).isEmpty();
        read(rule, 10, "temperature", 50);  // the same event time as the latest is applied
        assertThat(signals).extracting(Signal::kind).containsExactly(Signal.Kind.RAISED);
    }

    @Test
    void theDevicesOrderCountsAcrossMeasurements() {
        Rule rule = EngineDriver.rule(1, new ThresholdCondition("temperature", ">", 35.0, null, null), null);
        read(rule, 10, "humidity", 60);
        read(rule, 5, "temperature", 50);   // older than the humidity reading the device already sent
        assertThat(signals).isEmpty();
    }

    @Test
    void aStuckAtValueRuleRestsWhileTheValueDiffers() {
        Rule rule = EngineDriver.rule(1, new StuckCondition("power", 0.0, Duration.ofMinutes(10)), null);
        read(rule, 0, "power", 3);
        assertThat(stored).isNull();
        read(rule, 60, "power", 0);
        assertThat(stored).isNotNull();
        read(rule, 660, "power", 0);
        assertThat(signals).extracting(Signal::kind).containsExactly(Signal.Kind.RAISED);
    }

    @Test
    void windowsKeepTheirOwnLatenessRules() {
        Rule rule = EngineDriver.rule(1, new WindowCondition("temperature", "max", Duration.ofMinutes(1), null,
                Duration.ofSeconds(30), ">", 35.0, null), null);
        read(rule, 10, "temperature", 20);
        read(rule, 70, "temperature", 20);
        read(rule, 50, "temperature", 40);  // late for the device but within the window's grace: counted
        read(rule, 95, "temperature", 20);  // closes [0, 60) at 60 + 30 s
        assertThat(signals).extracting(Signal::kind).containsExactly(Signal.Kind.RAISED);
    }
}
