package io.fieldlink.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * State of one simulated sensor. Temperature follows {@link DailyCurve} plus a fixed per-device
 * offset and Gaussian noise; humidity falls as temperature rises; the soil dries (faster when warm)
 * and the battery drains with elapsed time and with each transmission. While the field's sprinkler is on the
 * temperature drops by {@value #SPRINKLER_COOLING_PER_MINUTE} °C a minute (at most {@value #SPRINKLER_MAX_COOLING} °C),
 * and recovers as fast once it is off. Not thread-safe: one farm
 * thread reads all sensors.
 */
final class FieldSensor {

    static final double TEMPERATURE_NOISE = 0.3;
    static final double MAX_OFFSET = 1.0;
    static final double HUMIDITY_AT_MIN = 88.0;
    static final double HUMIDITY_PER_DEGREE = 2.5;
    static final double HUMIDITY_NOISE = 1.0;
    static final double DRYING_PER_HOUR = 0.002;
    static final double EXTRA_DRYING_PER_HOUR_AND_DEGREE = 0.0003;
    static final double DRIEST_SOIL = 0.05;
    static final double DRAIN_VOLTS_PER_HOUR = 0.0005;
    static final double DRAIN_VOLTS_PER_SEND = 0.00002;
    static final double EMPTY_VOLTS = 3.0;
    /** How fast a running sprinkler cools the field, and how fast the field warms back once it stops. */
    static final double SPRINKLER_COOLING_PER_MINUTE = 3.0;
    static final double SPRINKLER_MAX_COOLING = 10.0;

    private final SimulatedDevice device;
    private final ZoneId zone;
    private final Random random;
    private final double offset;
    private double soilMoisture;
    private double battery;
    private final HeatSpell heatSpell;
    private final BooleanSupplier sprinklerOn;
    private double sprinklerCooling;
    private Instant lastReading;

    FieldSensor(SimulatedDevice device, ZoneId zone, long seed) {
        this(device, zone, seed, null, () -> false);
    }

    FieldSensor(SimulatedDevice device, ZoneId zone, long seed, HeatSpell heatSpell, BooleanSupplier sprinklerOn) {
        this.heatSpell = heatSpell;
        this.sprinklerOn = sprinklerOn;
        this.device = device;
        this.zone = zone;
        this.random = new Random(seed);
        this.offset = clamp(random.nextGaussian() * 0.5, -MAX_OFFSET, MAX_OFFSET);
        this.soilMoisture = 0.30 + random.nextDouble() * 0.08;
        this.battery = 3.60 + random.nextDouble() * 0.10;
    }

    SimulatedDevice device() {
        return device;
    }

    SensorReading read(Instant now) {
        double curve = DailyCurve.temperature(now.atZone(zone).toLocalTime());
        double temperature = curve + offset + random.nextGaussian() * TEMPERATURE_NOISE;
        if (heatSpell != null) {
            temperature = heatSpell.apply(temperature, now);
        }
        double hours = lastReading == null ? 0 : Math.max(0, Duration.between(lastReading, now).toMillis() / 3_600_000.0);
        // the water cools the field gradually while the sprinkler runs, and the field warms back gradually after
        double coolingStep = hours * 60 * SPRINKLER_COOLING_PER_MINUTE;
        sprinklerCooling = clamp(sprinklerCooling + (sprinklerOn.getAsBoolean() ? coolingStep : -coolingStep),
                0, SPRINKLER_MAX_COOLING);
        temperature -= sprinklerCooling;
        double humidity = clamp(HUMIDITY_AT_MIN - HUMIDITY_PER_DEGREE * (temperature - DailyCurve.MIN_CELSIUS)
                + random.nextGaussian() * HUMIDITY_NOISE, 0, 100);

        double warmth = Math.max(0, curve - DailyCurve.MIN_CELSIUS);
        soilMoisture = Math.max(DRIEST_SOIL, soilMoisture - hours * (DRYING_PER_HOUR + EXTRA_DRYING_PER_HOUR_AND_DEGREE * warmth));
        battery = Math.max(EMPTY_VOLTS, battery - hours * DRAIN_VOLTS_PER_HOUR - DRAIN_VOLTS_PER_SEND);
        lastReading = now;

        double soilReported = clamp(soilMoisture + random.nextGaussian() * 0.001, 0, 1);
        double batteryReported = Math.max(EMPTY_VOLTS, battery + random.nextGaussian() * 0.0005);
        return new SensorReading(device, now, temperature, humidity, soilReported, batteryReported);
    }

    private static double clamp(double value, double min, double max) {
        return Math.min(max, Math.max(min, value));
    }
}
