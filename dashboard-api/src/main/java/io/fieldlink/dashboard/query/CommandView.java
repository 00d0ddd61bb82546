package io.fieldlink.dashboard.query;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;

/** A command of the caller's tenant: its state after its newest transition. */
@Schema(name = "Command")
record CommandView(
        @Schema(example = "3f0c2a8e-5a7d-3b5e-9d8f-0c1b2a3d4e5f:raised") String commandId,
        @Schema(example = "295000000000001") String deviceId,
        @Schema(example = "sprinkler") String name,
        @Schema(example = "{\"state\": \"on\"}") Map<String, String> parameters,
        @Schema(allowableValues = {"auto", "mqtt", "lwm2m"}) String transport,
        @Schema(allowableValues = {"queued", "sent", "delivered", "executed", "failed", "expired"}) String status,
        @Schema(description = "Sends so far") int attempt,
        @Schema(description = "Sequence of the newest transition (1 = queued)") long sequence,
        @Schema(description = "Reason of a failure, retry or expiry, or the device's result text") String detail,
        @Schema(description = "The device's answer", example = "{\"valve\": \"open\"}") Map<String, String> result,
        Instant requestedAt,
        Instant expiresAt,
        @Schema(description = "When the newest transition happened") Instant updatedAt,
        @Schema(example = "rule:farm-heat:3f0c2a8e-5a7d-3b5e-9d8f-0c1b2a3d4e5f:raised") String origin) {
}
