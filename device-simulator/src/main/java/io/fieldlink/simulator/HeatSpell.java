package io.fieldlink.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A recurring heat spell on one sensor (a greenhouse whose vents stick), so rules have something to react
 * to: from {@code start}, every {@code every}, for {@code length}, the sensor's temperature is pulled towards
 * {@code peakCelsius} — a quarter of the spell rising, half on the plateau, a quarter falling back.
 *
 * @param device      sensor number (1-based) that heats up
 * @param start       when the first spell begins
 * @param every       time between the starts of two spells
 * @param length      how long one spell lasts (at most {@code every})
 * @param peakCelsius temperature on the plateau
 */
public record HeatSpell(int device, Instant start, Duration every, Duration length, double peakCelsius) {

    public HeatSpell {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(every, "every");
        Objects.requireNonNull(length, "length");
        if (device < 1) {
            throw new IllegalArgumentException("heat spell device must be 1 or more, got " + device);
        }
        if (every.isNegative() || every.isZero() || length.isNegative() || length.isZero() || length.compareTo(every) > 0) {
            throw new IllegalArgumentException("heat spell needs 0 < length <= every, got length " + length + " every " + every);
        }
    }

    /** The default local-farm spell: sensor 1, first one a minute from {@code now}, 6 minutes every 20, 38 °C. */
    public static HeatSpell greenhouse(Instant now) {
        return new HeatSpell(1, now.plusSeconds(60), Duration.ofMinutes(20), Duration.ofMinutes(6), 38.0);
    }

    /** How far (0 to 1) the spell pulls the temperature towards its peak at {@code now}. */
    double weight(Instant now) {
        if (now.isBefore(start)) {
            return 0;
        }
        long phase = Duration.between(start, now).toMillis() % every.toMillis();
        double x = phase / (double) length.toMillis();
        if (x >= 1) {
            return 0;
        }
        if (x < 0.25) {
            return x / 0.25;
        }
        return x <= 0.75 ? 1 : (1 - x) / 0.25;
    }

    /** {@code temperature} as the spell changes it at {@code now}. */
    double apply(double temperature, Instant now) {
        double w = weight(now);
        return w == 0 ? temperature : temperature + w * (peakCelsius - temperature);
    }
}
