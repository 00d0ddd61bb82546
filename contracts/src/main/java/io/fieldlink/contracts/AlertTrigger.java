package io.fieldlink.contracts;

import java.time.Instant;

/**
 * The reading (or window, or silence) that caused an alert transition.
 *
 * @param measurement   measurement the condition watched; null for a device-wide no-data rule
 * @param value         the value that met the condition (the aggregate for a window); null for no-data
 * @param condition     the condition in words, e.g. {@code "temperature > 35.0 for PT1M"}
 * @param threshold     the condition's threshold (lower bound for between/outside), when it has one
 * @param aggregate     for window rules: {@code avg}, {@code min}, {@code max}, {@code sum}, {@code count}, {@code rate}
 * @param windowStart   for window rules: start of the window (inclusive)
 * @param windowEnd     for window rules: end of the window (exclusive)
 * @param eventTime     event time of the triggering reading (window end for windows, detection time for no-data)
 * @param messageId     {@link TelemetryReceived#messageId()} of the triggering reading, when one reading triggered
 * @param receivedTime  when ingest accepted the triggering reading (end-to-end latency is measured from it)
 */
public record AlertTrigger(
        String measurement,
        Double value,
        String condition,
        Double threshold,
        String aggregate,
        Instant windowStart,
        Instant windowEnd,
        Instant eventTime,
        String messageId,
        Instant receivedTime) {
}
