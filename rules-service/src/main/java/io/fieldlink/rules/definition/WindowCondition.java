package io.fieldlink.rules.definition;

/**
 * An aggregate of one measurement over event-time windows compared with a threshold; evaluated when a window
 * closes (its end plus {@code grace} has passed in stream time). Tumbling when {@code advance} is null or equal
 * to {@code size}, hopping otherwise.
 * JSON: {@code {"type":"window","measurement":"temperature","aggregate":"avg","size":"PT5M","advance":"PT1M",
 * "grace":"PT30S","operator":">","value":30}}.
 *
 * @param measurement measurement name
 * @param aggregate   {@code avg}, {@code min}, {@code max}, {@code sum}, {@code count}, {@code rate}
 *                    (rate of change per second: (last - first) / seconds between them, in the window)
 * @param size        window length
 * @param advance     hop between window starts; null means tumbling
 * @param grace       how long after its end a window still accepts late readings; null means zero
 * @param operator    comparison, as in {@link ThresholdCondition}
 * @param value       threshold or lower bound
 * @param upper       upper bound for between/outside
 */
public record WindowCondition(
        String measurement,
        String aggregate,
        java.time.Duration size,
        java.time.Duration advance,
        java.time.Duration grace,
        String operator,
        Double value,
        Double upper) implements RuleCondition {
}
