package io.fieldlink.dashboard.keys;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Set;

/** Answer of {@code POST /v1/admin/api-keys}: the only time the secret is shown; only its SHA-256 is kept. */
record IssuedKey(String keyId, String name, Set<String> roles, Instant createdAt,
                 @Schema(description = "The key: Authorization: Bearer <secret>. Shown once, not stored.",
                         example = "flk_3q2-7wXbR0s1...") String secret) {
}
