package io.fieldlink.simulator;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The binary layout against hand-computed bytes (the decoding side is pinned in ingest-service's BinaryFormatTest). */
class BinaryReadingTest {

    private static final SimulatedDevice DEVICE = SimulatedDevice.of("29500000000", 1);

    @Test
    void encodesTheDocumentedLayout() {
        var reading = new SensorReading(DEVICE, Instant.ofEpochSecond(1_764_237_600), 21.37, 62.4, 0.347, 3.652);
        // 2137 = 0x0859, 624 = 0x0270, 347 = 0x015B, 3652 = 0x0E44, 1764237600 = 0x69282120
        assertThat(HexFormat.of().formatHex(BinaryReading.encode(reading))).isEqualTo("0859" + "0270" + "015b" + "0e44" + "69282120");
    }

    @Test
    void negativeTemperaturesAreTwosComplementAndOutOfRangeValuesClamp() {
        var cold = new SensorReading(DEVICE, Instant.ofEpochMilli(1_764_237_600_999L), -5.12, 100, 1, 4.2);
        // -512 = 0xFE00, 1000 = 0x03E8, 1000 = 0x03E8, 4200 = 0x1068; milliseconds are cut to the second
        assertThat(HexFormat.of().formatHex(BinaryReading.encode(cold))).isEqualTo("fe00" + "03e8" + "03e8" + "1068" + "69282120");
        var absurd = new SensorReading(DEVICE, Instant.ofEpochSecond(0), 400, 0, 0, 70);
        assertThat(HexFormat.of().formatHex(BinaryReading.encode(absurd))).isEqualTo("7fff" + "0000" + "0000" + "ffff" + "00000000");
    }

    @Test
    void theFormatIsTheOneInTheDocs() {
        assertThat(BinaryReading.FORMAT).isEqualTo("temperature:0:int16:/100 humidity:2:uint16:/10 "
                + "soil.moisture:4:uint16:/1000 battery:6:uint16:/1000 timestamp:8:uint32");
        assertThat(BinaryReading.LENGTH).isEqualTo(12);
    }
}
