package io.fieldlink.simulator;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PotatoFarmTest {

    private static final ZoneId FARM = ZoneId.of("Asia/Tokyo");
    private static final SimulatorOptions OPTIONS = SimulatorOptions.of(URI.create("http://127.0.0.1:8081"), "psk")
            .withSeed(42).withZone(FARM);

    @Test
    void curveIsCoolestAtFiveAndWarmestAtFifteen() {
        assertThat(DailyCurve.temperature(LocalTime.of(5, 0))).isCloseTo(14.0, within(1e-9));
        assertThat(DailyCurve.temperature(LocalTime.of(15, 0))).isCloseTo(26.0, within(1e-9));
        assertThat(DailyCurve.temperature(LocalTime.of(15, 0))).isGreaterThan(DailyCurve.temperature(LocalTime.of(5, 0)));
        assertThat(DailyCurve.temperature(LocalTime.of(10, 0))).isCloseTo(20.0, within(1e-9));
    }

    @Test
    void curveStaysWithinBoundsRisesInTheMorningAndIsContinuousAtMidnight() {
        double previous = DailyCurve.temperature(LocalTime.of(5, 0));
        for (int minute = 0; minute < 24 * 60; minute++) {
            LocalTime time = LocalTime.of(5, 0).plusMinutes(minute);
            double t = DailyCurve.temperature(time);
            assertThat(t).as("at %s", time).isBetween(14.0, 26.0);
            assertThat(Math.abs(t - previous)).as("step at %s", time).isLessThan(0.05);
            if (minute > 0 && minute <= 600) {
                assertThat(t).as("rising at %s", time).isGreaterThan(previous);
            } else if (minute > 600) {
                assertThat(t).as("falling at %s", time).isLessThan(previous);
            }
            previous = t;
        }
        assertThat(DailyCurve.temperature(LocalTime.MAX)).isCloseTo(DailyCurve.temperature(LocalTime.MIDNIGHT), within(1e-6));
    }

    @Test
    void everySensorIsWarmerAtFifteenThanAtFiveInTheFarmsTimeZone() {
        var farm = new PotatoFarm(OPTIONS);
        ZonedDateTime day = ZonedDateTime.of(2026, 7, 1, 5, 0, 0, 0, FARM);
        List<SensorReading> dawn = farm.readAll(day.toInstant());
        List<SensorReading> afternoon = farm.readAll(day.withHour(15).toInstant());

        for (int i = 0; i < dawn.size(); i++) {
            assertThat(afternoon.get(i).temperature()).isGreaterThan(dawn.get(i).temperature() + 9);
            assertThat(afternoon.get(i).humidity()).isLessThan(dawn.get(i).humidity());
        }
    }

    @Test
    void readingsStayInRangeWhileTheSoilDriesAndTheBatteryDrains() {
        var farm = new PotatoFarm(OPTIONS.withDevices(3));
        Instant start = Instant.parse("2026-07-01T00:00:00Z");
        List<SensorReading> first = farm.readAll(start);
        List<SensorReading> last = first;
        for (Instant t = start.plus(Duration.ofMinutes(10)); t.isBefore(start.plus(Duration.ofDays(2))); t = t.plus(Duration.ofMinutes(10))) {
            last = farm.readAll(t);
            for (SensorReading r : last) {
                assertThat(r.temperature()).isBetween(14.0 - 1.0 - 2.0, 26.0 + 1.0 + 2.0);
                assertThat(r.humidity()).isBetween(0.0, 100.0);
                assertThat(r.soilMoisture()).isBetween(0.0, 1.0);
                assertThat(r.battery()).isBetween(3.0, 3.8);
                assertThat(r.timestamp()).isEqualTo(t);
            }
        }
        for (int i = 0; i < first.size(); i++) {
            assertThat(last.get(i).soilMoisture()).isLessThan(first.get(i).soilMoisture() - 0.05);
            assertThat(last.get(i).battery()).isLessThan(first.get(i).battery() - 0.01);
        }
    }

    @Test
    void theSameSeedReproducesTheSameReadingsAndAnotherSeedDoesNot() {
        Instant t = Instant.parse("2026-07-01T03:00:00Z");
        assertThat(new PotatoFarm(OPTIONS).readAll(t)).isEqualTo(new PotatoFarm(OPTIONS).readAll(t));
        assertThat(new PotatoFarm(OPTIONS.withSeed(43)).readAll(t)).isNotEqualTo(new PotatoFarm(OPTIONS).readAll(t));
    }

    @Test
    void devicesHaveStableFifteenDigitImsisAndLuhnValidImeis() {
        List<SimulatedDevice> devices = new PotatoFarm(OPTIONS).devices();

        assertThat(devices).hasSize(10);
        assertThat(devices.getFirst().imsi()).isEqualTo("295000000000001");
        assertThat(devices.getLast().imsi()).isEqualTo("295000000000010");
        assertThat(devices).extracting(SimulatedDevice::imei).doesNotHaveDuplicates()
                .allSatisfy(imei -> {
                    assertThat(imei).matches("\\d{15}");
                    assertThat(SimulatedDevice.luhnCheckDigit(imei.substring(0, 14))).isEqualTo(imei.charAt(14) - '0');
                });
        assertThat(new PotatoFarm(OPTIONS.withSeed(7)).devices()).isEqualTo(devices);
        assertThat(new PotatoFarm(OPTIONS.withImsiPrefix("44010")).devices().getFirst().imsi()).isEqualTo("440100000000001");
    }

    @Test
    void luhnCheckDigitMatchesAKnownImei() {
        // 49-015420-323751-8 is the classic IMEI example
        assertThat(SimulatedDevice.luhnCheckDigit("49015420323751")).isEqualTo(8);
    }
}
