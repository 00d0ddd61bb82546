package io.fieldlink.rules.definition;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;

/**
 * Holds when {@code measurement} kept the same value (or, when {@code value} is set, kept exactly that value,
 * e.g. power output 0) over readings spanning at least {@code for} in event time.
 * JSON: {@code {"type":"stuck","measurement":"power","value":0,"for":"PT30M"}}.
 */
public record StuckCondition(String measurement, Double value, @JsonProperty("for") Duration forDuration)
        implements RuleCondition {
}
