package io.fieldlink.rules.definition;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A condition of a rule, evaluated per device. Leaves watch telemetry (threshold, window, no data, stuck);
 * {@code allOf}/{@code anyOf} combine conditions on the same device. JSON carries the kind in {@code type}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ThresholdCondition.class, name = "threshold"),
        @JsonSubTypes.Type(value = WindowCondition.class, name = "window"),
        @JsonSubTypes.Type(value = NoDataCondition.class, name = "noData"),
        @JsonSubTypes.Type(value = StuckCondition.class, name = "stuck"),
        @JsonSubTypes.Type(value = AllOfCondition.class, name = "allOf"),
        @JsonSubTypes.Type(value = AnyOfCondition.class, name = "anyOf")})
public sealed interface RuleCondition
        permits ThresholdCondition, WindowCondition, NoDataCondition, StuckCondition, AllOfCondition, AnyOfCondition {
}
