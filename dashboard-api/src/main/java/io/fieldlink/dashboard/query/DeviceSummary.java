package io.fieldlink.dashboard.query;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A device of the caller's tenant: its registry profile, online state and newest reading. */
@Schema(name = "DeviceSummary")
record DeviceSummary(
        @Schema(example = "295050910000001") String deviceId,
        @Schema(description = "Name people gave the device in the registry; null when none", example = "Greenhouse 1")
        String displayName,
        @Schema(description = "Tags from the registry, sorted", example = "[\"greenhouse\"]") List<String> tags,
        @Schema(description = "Groups from the registry, sorted", example = "[\"field-north\"]") List<String> groups,
        @Schema(description = "Whether the newest reading is at most fieldlink.dashboard.query.online-within old "
                + "(default 10 min); false for a device never heard from") boolean online,
        @Schema(description = "Event time of the newest reading; null when the device is known only from the registry")
        Instant lastSeen,
        @Schema(description = "Message id of the newest reading") String lastMessageId,
        @Schema(description = "Measurements of the newest reading", example = "{\"temperature\": 21.5}")
        Map<String, Double> measurements,
        @Schema(description = "Attributes of the newest reading", example = "{\"firmware\": \"1.4.2\"}")
        Map<String, String> attributes) {
}
