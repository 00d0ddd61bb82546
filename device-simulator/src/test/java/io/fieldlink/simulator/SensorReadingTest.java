package io.fieldlink.simulator;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SensorReadingTest {

    private static final SimulatedDevice DEVICE = SimulatedDevice.of("29500000000", 1);

    @Test
    void writesTheFlatReadingWithNestedSoilMoistureAndEpochMillis() {
        var reading = new SensorReading(DEVICE, Instant.ofEpochMilli(1764237600123L), 21.374, 62.44, 0.3474, 3.6521);

        assertThat(reading.toJson()).isEqualTo(
                "{\"temperature\":21.37,\"humidity\":62.4,\"soil\":{\"moisture\":0.347},\"battery\":3.652,\"timestamp\":1764237600123}");
    }

    @Test
    void roundsToTheSensorsResolutionAndNeverWritesExponents() {
        var reading = new SensorReading(DEVICE, Instant.ofEpochMilli(0), 1e-7, 100.0, 0.0004, 3.0);

        assertThat(reading.temperature()).isEqualTo(0.0);
        assertThat(reading.toJson()).isEqualTo(
                "{\"temperature\":0.00,\"humidity\":100.0,\"soil\":{\"moisture\":0.000},\"battery\":3.000,\"timestamp\":0}");
    }

    @Test
    void refusesNonFiniteValues() {
        assertThatThrownBy(() -> new SensorReading(DEVICE, Instant.EPOCH, Double.NaN, 50, 0.3, 3.6))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
