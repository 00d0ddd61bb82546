package io.fieldlink.dashboard.query;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;

/** A device of the caller's tenant with its newest reading. */
@Schema(name = "DeviceSummary")
record DeviceSummary(
        @Schema(example = "295050910000001") String deviceId,
        @Schema(description = "Event time of the newest reading") Instant lastSeen,
        @Schema(description = "Message id of the newest reading") String lastMessageId,
        @Schema(description = "Measurements of the newest reading", example = "{\"temperature\": 21.5}")
        Map<String, Double> measurements,
        @Schema(description = "Attributes of the newest reading", example = "{\"firmware\": \"1.4.2\"}")
        Map<String, String> attributes) {
}
