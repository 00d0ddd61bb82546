package io.fieldlink.simulator;

import java.nio.ByteBuffer;

/**
 * The simulator's fixed binary layout of a {@link SensorReading}: 12 bytes, big endian, matching the
 * example decoding format in docs/ingest.md ("Binary payloads") that the ingest edge is configured with:
 *
 * <pre>
 * offset  type    value
 *  0      int16   temperature * 100   (21.37 degC -> 2137)
 *  2      uint16  humidity * 10       (62.4 %     -> 624)
 *  4      uint16  soil moisture * 1000 (0.347    -> 347)
 *  6      uint16  battery * 1000      (3.652 V    -> 3652)
 *  8      uint32  timestamp, epoch seconds
 * </pre>
 *
 * Values outside a field's range are clamped to it.
 */
public final class BinaryReading {

    /** The decoding format for this layout ({@code fieldlink.ingest.binary.formats.<group>.format}). */
    public static final String FORMAT = "temperature:0:int16:/100 humidity:2:uint16:/10 soil.moisture:4:uint16:/1000 "
            + "battery:6:uint16:/1000 timestamp:8:uint32";
    public static final int LENGTH = 12;

    private BinaryReading() {
    }

    public static byte[] encode(SensorReading reading) {
        return ByteBuffer.allocate(LENGTH)
                .putShort((short) clamp(Math.round(reading.temperature() * 100), Short.MIN_VALUE, Short.MAX_VALUE))
                .putShort((short) clamp(Math.round(reading.humidity() * 10), 0, 0xFFFF))
                .putShort((short) clamp(Math.round(reading.soilMoisture() * 1000), 0, 0xFFFF))
                .putShort((short) clamp(Math.round(reading.battery() * 1000), 0, 0xFFFF))
                .putInt((int) clamp(reading.timestamp().getEpochSecond(), 0, 0xFFFF_FFFFL))
                .array();
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }
}
