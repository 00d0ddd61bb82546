package io.fieldlink.dashboard.keys;

import io.fieldlink.contracts.ApiKeyChanged;

import java.time.Instant;
import java.util.Set;

/** A key as its tenant's admin sees it: never the secret, never its hash. {@code revokedAt} null while valid. */
record ApiKeyView(String keyId, String name, Set<String> roles, Instant createdAt, Instant revokedAt) {

    static ApiKeyView of(ApiKeyChanged key) {
        return new ApiKeyView(key.keyId(), key.name(), key.roles(), key.createdAt(), key.revokedAt());
    }
}
