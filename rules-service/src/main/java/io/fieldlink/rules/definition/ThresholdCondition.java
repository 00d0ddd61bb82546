package io.fieldlink.rules.definition;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;

/**
 * {@code measurement operator value [upper]}, held continuously for {@code for} (event time).
 * JSON: {@code {"type":"threshold","measurement":"temperature","operator":">","value":35,"for":"PT1M"}}.
 *
 * @param measurement measurement name, e.g. {@code temperature}
 * @param operator    {@code >}, {@code >=}, {@code <}, {@code <=}, {@code ==}, {@code between}, {@code outside}
 * @param value       threshold, or the lower bound for between/outside
 * @param upper       upper bound for between/outside, else null
 * @param forDuration how long it must hold before it counts (JSON {@code for}); null or zero: at once
 */
public record ThresholdCondition(
        String measurement,
        String operator,
        Double value,
        Double upper,
        @JsonProperty("for") Duration forDuration) implements RuleCondition {
}
