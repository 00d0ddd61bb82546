package io.fieldlink.command.rollout;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * A posted rollout, as received; {@link RolloutRequestRules} checks it.
 *
 * @param artifactId       the artifact to roll out
 * @param group            a registry group of the caller's devices (or {@code deviceIds})
 * @param deviceIds        the caller's devices, in rollout order (or {@code group})
 * @param batchSize        devices per batch, default {@code rollouts.default-batch-size} (10)
 * @param failureThreshold failed devices at which the rollout halts, default 1
 * @param transport        {@code auto} (default), {@code mqtt} or {@code lwm2m}
 * @param timeToLive       ISO-8601 lifetime of each device's URL and command, default {@code rollouts.url-expiry}
 */
record RolloutRequestBody(
        @Schema(example = "0193a1b2c3d4aabbccdd", requiredMode = Schema.RequiredMode.REQUIRED) String artifactId,
        @Schema(example = "field-north") String group,
        List<String> deviceIds,
        @Schema(example = "10") Integer batchSize,
        @Schema(example = "1") Integer failureThreshold,
        @Schema(example = "auto", allowableValues = {"auto", "mqtt", "lwm2m"}) String transport,
        @Schema(example = "PT15M") String timeToLive) {
}
