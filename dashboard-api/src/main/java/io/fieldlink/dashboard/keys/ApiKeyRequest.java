package io.fieldlink.dashboard.keys;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * Body of {@code POST /v1/admin/api-keys}.
 *
 * @param name  what the key is for (1-100 characters)
 * @param roles what it may do: {@code viewer}, {@code operator}, {@code admin}
 */
record ApiKeyRequest(
        @Schema(example = "greenhouse display", maxLength = ApiKeyValidator.MAX_NAME_LENGTH) String name,
        @Schema(example = "[\"viewer\"]") List<String> roles) {
}
