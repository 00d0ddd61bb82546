package io.fieldlink.command.delivery;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

/**
 * The body of {@code POST /v1/devices/{deviceId}/commands}; checked by {@link CommandRequestRules}.
 *
 * @param name       command name, {@code [A-Za-z0-9._-]{1,64}}
 * @param parameters parameters as strings; names like command names
 * @param timeToLive ISO-8601 duration, e.g. {@code PT10M}; absent: the configured default
 * @param transport  {@code auto} (default) or {@code mqtt}; {@code lwm2m} is not available yet
 */
record CommandRequestBody(
        @Schema(example = "sprinkler") String name,
        @Schema(example = "{\"state\": \"on\"}") Map<String, String> parameters,
        @Schema(example = "PT10M") String timeToLive,
        @Schema(example = "auto", allowableValues = {"auto", "mqtt", "lwm2m"}) String transport) {
}
