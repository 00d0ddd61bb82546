package io.fieldlink.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The simulated field: {@code devices} sensors with stable identities. Readings depend only on the
 * seed and the times they are taken at, so a seed reproduces a run.
 */
public final class PotatoFarm {

    private final List<FieldSensor> sensors;
    private final List<SimulatedDevice> devices;

    public PotatoFarm(SimulatorOptions options) {
        this(options, deviceId -> false);
    }

    /** @param sprinklerOn whether the sprinkler of a device (by IMSI) is on now: its field cools down */
    PotatoFarm(SimulatorOptions options, Predicate<String> sprinklerOn) {
        var seeds = new SplittableRandom(options.seed());
        var built = new ArrayList<FieldSensor>(options.devices());
        for (int number = 1; number <= options.devices(); number++) {
            HeatSpell spell = options.heatSpell() != null && options.heatSpell().device() == number ? options.heatSpell() : null;
            SimulatedDevice device = SimulatedDevice.of(options.imsiPrefix(), number);
            built.add(new FieldSensor(device, options.zone(), seeds.nextLong(), spell, () -> sprinklerOn.test(device.imsi())));
        }
        this.sensors = List.copyOf(built);
        this.devices = sensors.stream().map(FieldSensor::device).toList();
    }

    public List<SimulatedDevice> devices() {
        return devices;
    }

    /** One reading of every sensor, in device order, all taken at {@code now}. */
    public synchronized List<SensorReading> readAll(Instant now) {
        return sensors.stream().map(sensor -> sensor.read(now)).toList();
    }
}
