package io.fieldlink.simulator;

import java.time.LocalTime;

/**
 * Field temperature over a local day without noise: coolest ({@value #MIN_CELSIUS} °C) at 05:00,
 * warmest ({@value #MAX_CELSIUS} °C) at 15:00. Half a cosine wave rises over the ten hours from the
 * minimum to the maximum and another falls over the fourteen hours back, so the curve is smooth
 * (flat at both turning points) and continuous across midnight.
 */
final class DailyCurve {

    static final double MIN_CELSIUS = 14.0;
    static final double MAX_CELSIUS = 26.0;
    static final double COOLEST_HOUR = 5.0;
    static final double WARMEST_HOUR = 15.0;

    private static final double MEAN = (MIN_CELSIUS + MAX_CELSIUS) / 2;
    private static final double AMPLITUDE = (MAX_CELSIUS - MIN_CELSIUS) / 2;
    private static final double RISE_HOURS = WARMEST_HOUR - COOLEST_HOUR;
    private static final double FALL_HOURS = 24.0 - RISE_HOURS;

    private DailyCurve() {
    }

    static double temperature(LocalTime time) {
        double hour = time.toNanoOfDay() / 3.6e12;
        double sinceCoolest = (hour - COOLEST_HOUR + 24.0) % 24.0;
        if (sinceCoolest <= RISE_HOURS) {
            return MEAN - AMPLITUDE * Math.cos(Math.PI * sinceCoolest / RISE_HOURS);
        }
        return MEAN + AMPLITUDE * Math.cos(Math.PI * (sinceCoolest - RISE_HOURS) / FALL_HOURS);
    }
}
