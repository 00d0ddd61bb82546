package io.fieldlink.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * One reading of a field sensor, already rounded to the sensor's resolution.
 *
 * @param device       the sensor
 * @param timestamp    when it was taken (also the Beam timestamp of its request)
 * @param temperature  air temperature in °C (0.01 resolution)
 * @param humidity     relative humidity in percent, 0..100 (0.1 resolution)
 * @param soilMoisture volumetric soil water content, 0..1 (0.001 resolution)
 * @param battery      battery voltage in V (0.001 resolution)
 */
public record SensorReading(SimulatedDevice device, Instant timestamp, double temperature, double humidity,
                            double soilMoisture, double battery) {

    public SensorReading {
        temperature = round(temperature, 2);
        humidity = round(humidity, 1);
        soilMoisture = round(soilMoisture, 3);
        battery = round(battery, 3);
    }

    /**
     * The request body the sensor sends, e.g.
     * {@code {"temperature":21.37,"humidity":62.4,"soil":{"moisture":0.347},"battery":3.652,"timestamp":1764237600000}}.
     */
    public String toJson() {
        return "{\"temperature\":" + number(temperature, 2)
                + ",\"humidity\":" + number(humidity, 1)
                + ",\"soil\":{\"moisture\":" + number(soilMoisture, 3) + "}"
                + ",\"battery\":" + number(battery, 3)
                + ",\"timestamp\":" + timestamp.toEpochMilli()
                + "}";
    }

    private static double round(double value, int scale) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a reading must be a finite number, got " + value);
        }
        return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP).doubleValue();
    }

    /** Plain decimal notation (never an exponent, never NaN), as JSON requires. */
    private static String number(double value, int scale) {
        return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }
}
