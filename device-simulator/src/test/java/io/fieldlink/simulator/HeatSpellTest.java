package io.fieldlink.simulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HeatSpellTest {

    private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");
    private final HeatSpell spell = new HeatSpell(1, START, Duration.ofMinutes(20), Duration.ofMinutes(8), 38.0);

    @Test
    void leavesTemperatureAloneBeforeAndBetweenSpells() {
        assertThat(spell.apply(20.0, START.minusSeconds(1))).isEqualTo(20.0);
        assertThat(spell.apply(20.0, START.plus(Duration.ofMinutes(8)))).isEqualTo(20.0);
        assertThat(spell.apply(20.0, START.plus(Duration.ofMinutes(19)))).isEqualTo(20.0);
    }

    @Test
    void risesOverTheFirstQuarterHoldsThePeakAndFallsBack() {
        assertThat(spell.apply(20.0, START.plus(Duration.ofMinutes(1)))).isCloseTo(29.0, within(1e-9));
        assertThat(spell.apply(20.0, START.plus(Duration.ofMinutes(2)))).isEqualTo(38.0);
        assertThat(spell.apply(20.0, START.plus(Duration.ofMinutes(6)))).isEqualTo(38.0);
        assertThat(spell.apply(20.0, START.plus(Duration.ofMinutes(7)))).isCloseTo(29.0, within(1e-9));
    }

    @Test
    void repeatsEveryInterval() {
        assertThat(spell.apply(20.0, START.plus(Duration.ofMinutes(24)))).isEqualTo(38.0);
        assertThat(spell.apply(20.0, START.plus(Duration.ofMinutes(44)))).isEqualTo(38.0);
    }

    @Test
    void onlyTheChosenSensorHeatsUp() {
        SimulatorOptions options = SimulatorOptions.of(java.net.URI.create("http://127.0.0.1:8081"), "psk")
                .withDevices(3).withSeed(7).withHeatSpell(spell);
        PotatoFarm farm = new PotatoFarm(options);
        var readings = farm.readAll(START.plus(Duration.ofMinutes(4)));
        assertThat(readings.get(0).temperature()).isEqualTo(38.0);
        assertThat(readings.get(1).temperature()).isLessThan(30.0);
        assertThat(readings.get(2).temperature()).isLessThan(30.0);
    }

    @Test
    void aRunningSprinklerCoolsTheFieldAndItWarmsBackAfter() {
        SimulatorOptions options = SimulatorOptions.of(java.net.URI.create("http://127.0.0.1:8081"), "psk")
                .withDevices(2).withSeed(7).withHeatSpell(spell);
        var sprinklerOn = new java.util.concurrent.atomic.AtomicBoolean();
        PotatoFarm farm = new PotatoFarm(options, imsi -> imsi.endsWith("1") && sprinklerOn.get());

        assertThat(farm.readAll(START.plus(Duration.ofMinutes(2))).getFirst().temperature()).isEqualTo(38.0);
        sprinklerOn.set(true);
        assertThat(farm.readAll(START.plus(Duration.ofMinutes(3))).getFirst().temperature()).isCloseTo(35.0, within(1e-9));
        assertThat(farm.readAll(START.plus(Duration.ofMinutes(4))).getFirst().temperature()).isCloseTo(32.0, within(1e-9));
        sprinklerOn.set(false);
        assertThat(farm.readAll(START.plus(Duration.ofMinutes(5))).getFirst().temperature()).isCloseTo(35.0, within(1e-9));
        assertThat(farm.readAll(START.plus(Duration.ofMinutes(6))).getFirst().temperature()).isEqualTo(38.0);
    }

    @Test
    void coolingStopsAtItsMaximum() {
        SimulatorOptions options = SimulatorOptions.of(java.net.URI.create("http://127.0.0.1:8081"), "psk")
                .withDevices(1).withSeed(7).withHeatSpell(new HeatSpell(1, START, Duration.ofMinutes(60),
                        Duration.ofMinutes(60), 38.0));
        PotatoFarm farm = new PotatoFarm(options, imsi -> true);

        farm.readAll(START.plus(Duration.ofMinutes(15)));
        double cooled = farm.readAll(START.plus(Duration.ofMinutes(30))).getFirst().temperature();

        assertThat(cooled).isCloseTo(38.0 - FieldSensor.SPRINKLER_MAX_COOLING, within(1e-9));
    }

    @Test
    void refusesALengthLongerThanThePeriod() {
        assertThatThrownBy(() -> new HeatSpell(1, START, Duration.ofMinutes(5), Duration.ofMinutes(6), 38))
                .hasMessageContaining("length");
    }
}
