package io.fieldlink.dashboard.query;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One device of the caller's tenant: what the list shows of it, plus where its newest reading came from. */
@Schema(name = "DeviceDetails")
record DeviceDetails(
        @Schema(example = "295050910000001") String deviceId,
        @Schema(description = "Name people gave the device in the registry; null when none") String displayName,
        @Schema(description = "Tags from the registry, sorted") List<String> tags,
        @Schema(description = "Groups from the registry, sorted") List<String> groups,
        @Schema(description = "Whether the newest reading is at most fieldlink.dashboard.query.online-within old")
        boolean online,
        @Schema(description = "Event time of the newest reading; null when none arrived yet") Instant lastSeen,
        @Schema(description = "Message id of the newest reading") String lastMessageId,
        @Schema(description = "When ingest accepted the newest reading") Instant receivedTime,
        @Schema(description = "How the newest reading arrived", example = "beam-http") String sourceProtocol,
        @Schema(description = "Measurements of the newest reading") Map<String, Double> measurements,
        @Schema(description = "Attributes of the newest reading") Map<String, String> attributes) {
}
