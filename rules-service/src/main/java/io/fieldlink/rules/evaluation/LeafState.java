package io.fieldlink.rules.evaluation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The state of one leaf condition (threshold, window, no data, stuck) of a rule on one device. Part of
 * {@link RuleState}; the JSON carries the kind in {@code type} so a stored state reads back as what it was.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ThresholdState.class, name = "threshold"),
        @JsonSubTypes.Type(value = WindowState.class, name = "window"),
        @JsonSubTypes.Type(value = NoDataState.class, name = "noData"),
        @JsonSubTypes.Type(value = StuckState.class, name = "stuck")})
public sealed interface LeafState permits ThresholdState, WindowState, NoDataState, StuckState {
}
