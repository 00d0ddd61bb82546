package io.fieldlink.dashboard.query;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;

/** An alert of the caller's tenant: its state after its newest event. */
@Schema(name = "Alert")
record AlertView(
        @Schema(example = "3f0c2a8e-5a7d-3b5e-9d8f-0c1b2a3d4e5f") String alertId,
        @Schema(example = "295000000000001") String deviceId,
        @Schema(example = "farm-heat") String ruleId,
        @Schema(example = "Field too hot") String ruleName,
        @Schema(allowableValues = {"critical", "major", "minor", "warning", "info"}) String severity,
        @Schema(allowableValues = {"open", "acknowledged", "cleared"}) String state,
        @Schema(description = "Type of the newest event",
                allowableValues = {"raised", "updated", "acknowledged", "cleared"}) String lastEvent,
        @Schema(description = "Sequence of the newest event (1 = raised)") long sequence,
        @Schema(description = "Event time at which the alert was raised") Instant raisedAt,
        @Schema(description = "When the newest event happened") Instant updatedAt,
        @Schema(description = "reminder, rule-updated, condition-cleared, rule-deleted or rule-disabled")
        String reason,
        @Schema(description = "API key id that acknowledged it") String acknowledgedBy,
        Instant acknowledgedAt,
        Instant clearedAt,
        @Schema(description = "What caused the newest transition (measurement, value, condition, threshold, ...)",
                example = "{\"measurement\": \"temperature\", \"value\": 37.9, \"condition\": \"temperature > 35.0 for PT1M\"}")
        Map<String, Object> trigger) {
}
