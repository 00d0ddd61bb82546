package io.fieldlink.rules.definition;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;

/**
 * Holds when the device sent no reading (of {@code measurement}, or of anything when it is null) for
 * {@code for}, measured on the service's clock from the last reading's arrival; the next reading ends it.
 * Only devices that have sent at least one reading since the rule exists are watched.
 * JSON: {@code {"type":"noData","measurement":"power","for":"PT10M"}}.
 */
public record NoDataCondition(String measurement, @JsonProperty("for") Duration forDuration) implements RuleCondition {
}
